package io.lakeml.score;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.RawInput;
import io.lakeml.dataset.RawSource;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.errors.Errors;
import io.lakeml.lakehouse.DeltaTables;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.lakehouse.TableNames;
import io.lakeml.lineage.DataRef;
import io.lakeml.lineage.RunTracker;
import io.lakeml.quality.Quarantine;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.CollectionAccumulator;

/**
 * batch-score for one date, an idempotent unit: the raw rows of that date -> the serving contract
 * and derivations data-prep uses (shared code in core) -> rejected rows to
 * {@code quarantine_scoring_<dataset>}, accepted rows scored by the plan's models -> the date of
 * {@code scored_<dataset>} replaced in one commit -> counts reconciled (read = scored +
 * quarantined) -> run metrics in the manifest and in {@code monitoring}. The input is scanned once
 * for scoring (its counts and score summaries are observed during the write) and again only when
 * there are rows to quarantine.
 */
public final class ScoreJob {
  private final SparkSession spark;
  private final LakemlConfig config;
  private final DatasetConfig dataset;
  private final ServingPlan plan;
  private final RunTracker run;
  private final Lakehouse lakehouse;
  private final boolean resume;
  private Observation unseenObservation;

  private ScoreJob(SparkSession spark, LakemlConfig config, ServingPlan plan, RunTracker run, boolean resume) {
    this.spark = spark;
    this.config = config;
    this.dataset = config.requireDataset();
    this.plan = plan;
    this.run = run;
    this.lakehouse = new Lakehouse(config.lakehouse().root());
    this.resume = resume;
  }

  static ScoreJob create(SparkSession spark, LakemlConfig config, ServingPlan plan, RunTracker run, boolean resume) {
    return new ScoreJob(spark, config, plan, run, resume);
  }

  public ScoreResult score(LocalDate date) {
    RawInput raw = RawSource.read(spark, dataset.source());
    run.input(raw.ref());
    String signature = raw.ref().path() + raw.ref().deltaVersion().map(v -> "@v" + v).orElse("")
        + raw.ref().contentHash().map(h -> "#" + h).orElse("");
    String configSha = config.resolved().sha256();
    run.metric("score_date", date);
    run.metric("model", plan.champion().label());
    plan.challenger().ifPresent(c -> run.metric("challenger", c.label()));
    run.metric("fallback", plan.fallback());
    if (resume && ScoreMonitoring.alreadyScored(spark, lakehouse, dataset.name(), date, plan, signature, configSha)) {
      run.metric("skipped", true);
      return result(date, true, 0, 0, Map.of(), Optional.empty(), Map.of());
    }
    Dataset<Row> contracted = contracted(raw, date);
    if (config.score().failOnEmptyDate() && run.timed("empty_check", contracted::isEmpty)) {
      throw Errors.noRowsForDate(dataset.source().path(), date);
    }
    long start = System.nanoTime();
    CollectionAccumulator<Double> batchMillis = spark.sparkContext().collectionAccumulator("score batch ms " + run.runId());
    Observation input = new Observation("score_input_" + run.runId().replaceAll("\\W", "_"));
    Dataset<Row> observedInput = contracted.observe(input, count(lit(1)).as("read"),
        sum(when(col(SchemaContract.FIRST_VIOLATION).isNull(), 1).otherwise(0)).as("accepted"));
    Dataset<Row> accepted = unseenObserved(observedInput.where(col(SchemaContract.FIRST_VIOLATION).isNull()));
    Observation output = new Observation("score_output_" + run.runId().replaceAll("\\W", "_"));
    Dataset<Row> scored = ScoredRows.build(accepted, dataset, plan, config.score(), run.runId(),
        Timestamp.from(Instant.now()), batchMillis);
    Dataset<Row> observedOutput = scored.observe(output, outputMetrics().get(0),
        outputMetrics().subList(1, outputMetrics().size()).toArray(Column[]::new));
    String path = lakehouse.tablePath(TableNames.scored(dataset.name()));
    Optional<Long> version = run.timed("score_write", () -> ScoredTable.write(observedOutput, path, date,
        config.score().retentionDays(), run.runId(), commitMetadata(date)));
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> in = observed(input);
    Map<String, Object> out = observed(output);
    long read = ((Number) in.get("read")).longValue();
    long scoredRows = version.map(v -> DeltaTables.rowsWritten(spark, path, v)).orElse(0L);
    Map<String, Long> reasons = quarantine(contracted, date, read - scoredRows);
    long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
    if (read != scoredRows + quarantined || scoredRows != ((Number) out.get("rows")).longValue()) {
      throw Errors.scoringCountsDoNotReconcile(dataset.name(), date, read, scoredRows, quarantined);
    }
    version.ifPresent(v -> run.output(DataRef.delta(TableNames.scored(dataset.name()), path, v, null)));
    Map<String, Double> metrics = metrics(seconds, scoredRows, out, batchMillis.value());
    ScoreResult result = result(date, false, read, scoredRows, reasons, version, metrics);
    record(result, signature, configSha);
    return result;
  }

  /** The date's rows through the serving contract and the shared derivations. */
  private Dataset<Row> contracted(RawInput raw, LocalDate date) {
    Dataset<Row> rows = raw.rows();
    DataType eventType = rows.schema().apply(dataset.eventTime()).dataType();
    if (eventType == DataTypes.TimestampType || eventType == DataTypes.TimestampNTZType || eventType == DataTypes.DateType) {
      // A predicate on the raw column reaches the Parquet reader: only the date's row groups are read.
      String c = SchemaContract.quote(dataset.eventTime());
      rows = rows.where(expr(c + " >= '" + date + "' AND " + c + " < '" + date.plusDays(1) + "'"));
    }
    Dataset<Row> typed = SchemaContract.forServing(dataset).apply(rows, dataset.source().path())
        .where(DateWindow.day(date).predicate(DatasetConfig.EVENT_DATE));
    return DerivedColumns.withDerived(typed, dataset).withColumn(ScoredRows.ROW_ID, ScoredRows.rowId(dataset));
  }

  private List<Column> outputMetrics() {
    List<Column> m = new ArrayList<>();
    Column score = col("score");
    m.add(count(lit(1)).as("rows"));
    m.add(sum(when(score.isNaN().or(score.lt(0)).or(score.gt(1)), 1).otherwise(0)).as("errors"));
    for (String variant : List.of(ServingPlan.CHAMPION, ServingPlan.CHALLENGER)) {
      Column served = col(ScoredRows.VARIANT).equalTo(variant);
      m.add(sum(when(served, 1).otherwise(0)).as(variant + ".rows"));
      m.add(avg(when(served, score)).as(variant + ".score_mean"));
      m.add(stddev_pop(when(served, score)).as(variant + ".score_stddev"));
      m.add(min(when(served, score)).as(variant + ".score_min"));
      m.add(max(when(served, score)).as(variant + ".score_max"));
      m.add(avg(when(served, col("predicted_label"))).as(variant + ".positive_share"));
      m.add(avg(when(served, col("other_score"))).as(variant + ".other_score_mean"));
    }
    return m;
  }

  /** Counts values each categorical feature's champion indexer never saw, during the same scan. */
  private Dataset<Row> unseenObserved(Dataset<Row> accepted) {
    List<String> categorical = dataset.features().categorical();
    Optional<StringIndexerModel> indexer = indexer(plan.champion().model().pipeline());
    if (categorical.isEmpty() || indexer.isEmpty()) {
      return accepted;
    }
    String[][] labels = indexer.get().labelsArray();
    List<Column> unseen = new ArrayList<>();
    for (int i = 0; i < categorical.size() && i < labels.length; i++) {
      Column value = coalesce(col(SchemaContract.quote(categorical.get(i))).cast(DataTypes.StringType), lit("__null__"));
      unseen.add(sum(when(value.isin((Object[]) labels[i]), 0).otherwise(1)).as("unseen." + categorical.get(i)));
    }
    unseenObservation = new Observation("score_unseen_" + run.runId().replaceAll("\\W", "_"));
    return accepted.observe(unseenObservation, unseen.get(0), unseen.subList(1, unseen.size()).toArray(Column[]::new));
  }

  private static Optional<StringIndexerModel> indexer(PipelineModel pipeline) {
    for (Transformer t : pipeline.stages()) {
      if (t instanceof StringIndexerModel s) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private Map<String, Long> quarantine(Dataset<Row> contracted, LocalDate date, long expected) {
    String table = TableNames.scoringQuarantine(dataset.name());
    String path = lakehouse.tablePath(table);
    DateWindow day = DateWindow.day(date);
    Map<String, Long> reasons = new LinkedHashMap<>();
    if (expected <= 0) {
      Quarantine.clear(spark, path, day, run.runId());
      return reasons;
    }
    long version = run.timed("quarantine", () -> Quarantine.write(Quarantine.rows(contracted, run.runId()), path, day, run.runId()));
    run.output(DataRef.delta(table, path, version, null));
    Dataset<Row> written = spark.read().format("delta").option("versionAsOf", version).load(path)
        .where(day.predicate(DatasetConfig.EVENT_DATE));
    for (Row r : written.groupBy("reason_code").count().orderBy("reason_code").collectAsList()) {
      reasons.put(r.getString(0), r.getLong(1));
    }
    return reasons;
  }

  private Map<String, Double> metrics(double seconds, long scored, Map<String, Object> out, List<Double> batches) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("seconds", seconds);
    m.put("rows_per_second", seconds > 0 ? scored / seconds : 0);
    double[] ms = batches.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    m.put("batches", (double) ms.length);
    m.put("batch_ms_p50", percentile(ms, 0.50));
    m.put("batch_ms_p95", percentile(ms, 0.95));
    m.put("batch_ms_p99", percentile(ms, 0.99));
    m.put("errors", number(out.get("errors")));
    double challengerRows = number(out.get(ServingPlan.CHALLENGER + ".rows"));
    m.put("challenger_share", scored > 0 ? challengerRows / scored : 0);
    out.forEach((k, v) -> {
      if (k.contains(".") && v instanceof Number n) {
        m.put(k, n.doubleValue());
      }
    });
    if (unseenObservation != null) {
      observed(unseenObservation).forEach((k, v) -> m.put(k, number(v)));
    }
    return m;
  }

  /** The metrics an observation collected during the write (available once it has finished). */
  private static Map<String, Object> observed(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.internal("waiting for the metrics observed during the scoring write", e);
    }
  }

  /** An observed aggregate; a sum over no rows is null, which here means 0. */
  private static double number(Object value) {
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  private static double percentile(double[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private String commitMetadata(LocalDate date) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", run.runId());
    m.put("score_date", date.toString());
    m.put("model_name", plan.champion().name());
    m.put("model_version", plan.champion().version());
    plan.challenger().ifPresent(c -> m.put("challenger_version", c.version()));
    m.put("fallback", plan.fallback());
    return new com.google.gson.Gson().toJson(m);
  }

  private ScoreResult result(LocalDate date, boolean skipped, long read, long scored, Map<String, Long> reasons,
      Optional<Long> version, Map<String, Double> metrics) {
    long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
    return new ScoreResult(dataset.name(), date, run.runId(), plan.champion().name(), plan.champion().version(),
        plan.challenger().map(ServedModel::version), plan.fallback(), skipped, read, scored, quarantined, reasons,
        version, metrics);
  }

  private void record(ScoreResult r, String signature, String configSha) {
    run.metric("rows_read", r.rowsRead());
    run.metric("rows_scored", r.rowsScored());
    run.metric("rows_quarantined", r.rowsQuarantined());
    r.reasons().forEach((code, n) -> run.metric("quarantined." + code, n));
    r.metrics().forEach((k, v) -> run.metric(k, String.format(Locale.ROOT, "%.6g", v)));
    ScoreMonitoring.append(spark, lakehouse, r, signature, configSha);
  }
}
