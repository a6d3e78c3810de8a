package io.lakeml.score;

import static org.apache.spark.sql.functions.expr;

import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.StagedWrite;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.internal.quality.Quarantine;
import io.lakeml.internal.runs.RunTracker;
import io.lakeml.internal.source.RawInput;
import io.lakeml.internal.source.RawSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * batch-score for one date, an idempotent unit: the raw rows of that date -> the serving contract
 * and derivations data-prep uses (shared code in core) -> rejected rows to
 * {@code quarantine_scoring_<dataset>}, accepted rows scored by the plan's models -> the date of
 * {@code scored_<dataset>} replaced in one commit -> counts reconciled (read = scored +
 * quarantined) -> run metrics in the manifest and in {@code monitoring}. The input is scanned once
 * for scoring (its counts and score summaries are gathered by the write itself) and again only when
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

  private ScoreJob(SparkSession spark, LakemlConfig config, ServingPlan plan, RunTracker run, boolean resume) {
    this.spark = spark;
    this.config = config;
    this.dataset = config.requireDataset();
    this.plan = plan;
    this.run = run;
    this.lakehouse = Lakehouse.of(config);
    this.resume = resume;
  }

  static ScoreJob create(SparkSession spark, LakemlConfig config, ServingPlan plan, RunTracker run, boolean resume) {
    return new ScoreJob(spark, config, plan, run, resume);
  }

  public ScoreResult score(LocalDate date) {
    RawInput raw = run.timed("read", () -> RawSource.read(spark, dataset.source()));
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
    long start = System.nanoTime();
    CollectionAccumulator<Double> batchMillis = spark.sparkContext().collectionAccumulator("score batch ms " + run.runId());
    ScoredRows.Built built = ScoredRows.build(contracted, dataset, plan, config.score(), run.runId(),
        Timestamp.from(Instant.now()), batchMillis);
    String path = lakehouse.tablePath(TableNames.scored(dataset.name()));
    ScoredTable.Written written = run.timed("score_write", () -> ScoredTable.write(built, path, date,
        config.score(), commitMetadata(date)));
    StagedWrite staged = written.staged();
    double seconds = (System.nanoTime() - start) / 1e9;
    Committed c = commitReconciled(staged, written, contracted, date);
    Optional<Long> version = c.version();
    version.ifPresent(v -> run.output(DataRef.delta(TableNames.scored(dataset.name()), path, v, null)));
    run.metric("compiled_features", built.compiled());
    Map<String, Double> summary = version.isEmpty() ? Map.of() : c.summary()
        .orElseGet(() -> run.timed("summary", () -> ScoreSummary.ofVersion(spark, path, version.get(), date)));
    Map<String, Double> m = metrics(seconds, c.scored(), summary, batchMillis.value());
    m.putAll(built.unseen().get());
    m.put("direct_writer", written.direct() ? 1.0 : 0.0);
    ScoreResult result = result(date, false, c.read(), c.scored(), c.reasons(), version, m);
    record(result, signature, configSha);
    return result;
  }

  /**
   * A date's counts, its commit (empty when Delta had nothing to commit) and its score summaries
   * when they were known before the commit.
   */
  private record Committed(long read, long scored, Map<String, Long> reasons, Optional<Long> version,
      Optional<Map<String, Double>> summary) {}

  /**
   * A date without rows fails (unless configured to be recorded empty); rejected rows go to
   * quarantine, then the counts must reconcile (read = scored + quarantined, the staged files' rows
   * = the rows counted during the write) before the date is committed; on any failure the staged
   * files are deleted and readers keep the date's previous rows.
   */
  private Committed commitReconciled(StagedWrite staged, ScoredTable.Written written, Dataset<Row> contracted,
      LocalDate date) {
    try {
      ScoredTable.Counts counts = written.counts().get();
      long read = counts.read();
      if (read == 0 && config.score().failOnEmptyDate()) {
        // Counted by the write itself (no scan of its own); nothing staged is committed.
        throw Errors.noRowsForDate(dataset.source().path(), date);
      }
      long scored = staged.rowCount();
      Map<String, Long> reasons = quarantine(contracted, date, read - scored);
      long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
      if (read != scored + quarantined || scored != counts.rows()) {
        throw Errors.scoringCountsDoNotReconcile(dataset.name(), date, read, scored, quarantined);
      }
      // Read before the commit, so a failure here leaves nothing committed.
      Optional<Map<String, Double>> summary = written.summary()
          .or(() -> run.timed("summary", () -> ScoreSummary.ofStaged(spark, staged)));
      return new Committed(read, scored, reasons, run.timed("score_commit", staged::commitIfAny), summary);
    } catch (RuntimeException | Error e) {
      abortQuietly(staged, e); // the run's own error is the one to report
      throw e;
    }
  }

  /** The date's rows through the serving contract and the shared derivations. */
  private Dataset<Row> contracted(RawInput raw, LocalDate date) {
    Dataset<Row> rows = raw.rows();
    StructType schema = rows.schema();
    DataType eventType = dataset.eventTime().map(t -> schema.apply(t).dataType()).orElse(DataTypes.NullType);
    if (eventType == DataTypes.TimestampType || eventType == DataTypes.TimestampNTZType || eventType == DataTypes.DateType) {
      // A predicate on the raw column reaches the reader: Parquet skips the row groups outside the
      // date when the timestamps are stored with a zone (Spark 3.5 pushes no filter on zoneless
      // ones, such as the flights sample's, which is then scanned whole for each date).
      String c = SchemaContract.quote(dataset.eventTime().get());
      rows = rows.where(expr(c + " >= '" + date + "' AND " + c + " < '" + date.plusDays(1) + "'"));
    }
    // Without an event time, the date scored is the processing date: every row of the input gets it.
    Dataset<Row> typed = SchemaContract.forServing(dataset).processing(date).apply(rows, dataset.source().path())
        .where(DateWindow.day(date).predicate(DatasetConfig.EVENT_DATE));
    return DerivedColumns.withDerived(typed, dataset).withColumn(ScoredRows.ROW_ID, io.lakeml.dataset.RowIdentity.servingId(dataset));
  }

  private Map<String, Long> quarantine(Dataset<Row> contracted, LocalDate date, long expected) {
    String table = TableNames.scoringQuarantine(dataset.name());
    String path = lakehouse.tablePath(table);
    DateWindow day = DateWindow.day(date);
    if (expected <= 0) {
      run.timed("quarantine_clear", () -> {
        Quarantine.clear(contracted, path, day, run.runId());
        return null;
      });
      return Map.of();
    }
    Quarantine.Written written = run.timed("quarantine",
        () -> Quarantine.writeCounted(Quarantine.rows(contracted, run.runId()), path, day, run.runId()));
    run.output(DataRef.delta(table, path, written.version(), null));
    return written.reasons();
  }

  private static void abortQuietly(StagedWrite staged, Throwable cause) {
    try {
      staged.abort();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private Map<String, Double> metrics(double seconds, long scored, Map<String, Double> summary, List<Double> batches) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("seconds", seconds);
    m.put("rows_per_second", seconds > 0 ? scored / seconds : 0);
    double[] ms = batches.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    m.put("batches", (double) ms.length);
    m.put("batch_ms_p50", percentile(ms, 0.50));
    m.put("batch_ms_p95", percentile(ms, 0.95));
    m.put("batch_ms_p99", percentile(ms, 0.99));
    m.put("errors", summary.getOrDefault("errors", 0.0));
    double challengerRows = summary.getOrDefault(ServingPlan.CHALLENGER + ".rows", 0.0);
    m.put("challenger_share", scored > 0 ? challengerRows / scored : 0);
    summary.forEach((k, v) -> {
      if (k.contains(".")) {
        m.put(k, v);
      }
    });
    return m;
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
    run.timed("monitoring", () -> {
      ScoreMonitoring.append(spark, lakehouse, r, signature, configSha);
      return null;
    });
  }
}
