package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.lakeml.config.LakemlConfig;
import io.lakeml.config.MonitorConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.LabelKind;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.internal.monitoring.Reference;
import io.lakeml.internal.monitoring.References;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.internal.runs.RunTracker;
import io.lakeml.internal.source.RawInput;
import io.lakeml.internal.source.RawSource;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * monitor: for each scored date of a range, input drift against the baseline of the production
 * model's training data, prediction drift against each served version's evaluation, realized
 * performance where labels are known and estimated performance where they are not, operations
 * and SLA from the scoring runs; every figure a row of {@code monitoring_metrics} (one commit per
 * date, replaced on a rerun), alerts by the configured rules, the webhook, retraining requests.
 * Two passes over the data: the source rows of the dates (features, labels) and their scored rows.
 */
public final class MonitorJob {
  private final SparkSession spark;
  private final LakemlConfig config;
  private final MonitorConfig monitor;
  private final DatasetConfig dataset;
  private final RunTracker run;
  private final Lakehouse lakehouse;

  private MonitorJob(SparkSession spark, LakemlConfig config, RunTracker run) {
    this.spark = spark;
    this.config = config;
    this.monitor = config.monitor();
    this.dataset = config.requireDataset();
    this.run = run;
    this.lakehouse = Lakehouse.of(config);
  }

  public static MonitorJob create(SparkSession spark, LakemlConfig config, RunTracker run) {
    return new MonitorJob(spark, config, run);
  }

  /** Monitors the scored dates from {@code from} to {@code to}, labels from the source when it has them. */
  public MonitorResult run(LocalDate from, LocalDate to) {
    return run(from, to, Optional.empty());
  }

  /** The same with labels that arrived later ({@link LateLabels}), which replace the source's. */
  public MonitorResult run(LocalDate from, LocalDate to, Optional<LateLabels> late) {
    String scoredTable = TableNames.scored(dataset.name());
    String scoredPath = lakehouse.tablePath(scoredTable);
    if (!DeltaTables.exists(spark, scoredPath)) {
      throw Errors.dateNotScored(dataset.name(), from, to);
    }
    Dataset<Row> scored = spark.read().format("delta").load(scoredPath)
        .where(col("score_date").between(Date.valueOf(from), Date.valueOf(to)));
    TreeMap<LocalDate, Map<String, OutputHistograms.Key>> served = servedModels(scored);
    if (served.isEmpty()) {
      throw Errors.dateNotScored(dataset.name(), from, to);
    }
    run.input(DataRef.delta(scoredTable, scoredPath, DeltaTables.latestVersion(spark, scoredPath).orElse(0L), null));
    ModelRegistry registry = new ModelRegistry(spark, lakehouse);
    String modelName = served.firstEntry().getValue().values().iterator().next().modelName();
    Map<Long, Optional<Reference>> references = new LinkedHashMap<>();
    served.values().forEach(m -> m.values().forEach(k -> references.computeIfAbsent(k.modelVersion(),
        v -> References.read(spark, lakehouse, modelName, v))));
    LabelKind kind = dataset.label().kind();

    // Input drift against the production (champion) model's training data version.
    long productionVersion = served.lastEntry().getValue().get("champion").modelVersion();
    long dataVersion = dataVersion(registry, modelName, productionVersion);
    Baseline baseline = run.timed("baseline", () -> Baseline.read(spark, lakehouse, dataset, dataVersion));
    RawInput raw = run.timed("read", () -> RawSource.read(spark, dataset.source()));
    run.input(raw.ref());
    boolean sourceLabels = late.isEmpty() && InputRows.sourceHasLabel(raw, dataset);
    LocalDate inputFrom = served.firstKey().minusDays(monitor.trailingDays());
    Dataset<Row> input = InputRows.of(raw, dataset, inputFrom, served.lastKey(), sourceLabels);
    if (sourceLabels) {
      input = input.cache();
    }
    try {
      Dataset<Row> inputRows = input;
      TreeMap<LocalDate, DayProfiles.Profile> profiles = run.timed("input_profiles",
          () -> DayProfiles.of(inputRows, dataset, baseline));
      TreeMap<LocalDate, Map<String, DayProfiles.Profile>> variantProfiles = run.timed("variant_profiles",
          () -> variantProfiles(inputRows, scored, served, baseline));
      Optional<Dataset<Row>> labels = late.map(l -> l.forScored(scored))
          .or(() -> sourceLabels ? Optional.of(inputRows.select(col("event_date").as("score_date"),
              col(InputRows.ROW_ID).as("__key"), col(InputRows.LABEL))) : Optional.empty());
      String key = late.map(LateLabels::key).orElse(InputRows.ROW_ID);
      double[] range = fineRange(kind, references);
      Map<Long, double[]> edges = new LinkedHashMap<>();
      references.forEach((v, r) -> r.ifPresent(x -> edges.put(v, OutputMetrics.referenceEdges(x.quantiles()))));
      Map<OutputHistograms.Key, List<OutputHistograms.Cell>> outputs = run.timed("output_histograms",
          () -> OutputHistograms.of(scored, kind, labels, key, edges, range));
      Operations operations = run.timed("operations",
          () -> Operations.read(spark, lakehouse, dataset.name(), monitor, served.firstKey(), served.lastKey()));
      return record(served, new Profiles(profiles, variantProfiles), outputs, operations, baseline, references, kind,
          range);
    } finally {
      input.unpersist();
    }
  }

  /** The input profiles of each date: of all its rows, and of each variant's on the dates a challenger served. */
  private record Profiles(TreeMap<LocalDate, DayProfiles.Profile> all,
      TreeMap<LocalDate, Map<String, DayProfiles.Profile>> byVariant) {}

  /**
   * The input rows of each date split by the variant that served them (by their row id in the
   * scored table), on the dates a challenger served; none when no challenger served in the range.
   */
  private TreeMap<LocalDate, Map<String, DayProfiles.Profile>> variantProfiles(Dataset<Row> inputRows,
      Dataset<Row> scored, TreeMap<LocalDate, Map<String, OutputHistograms.Key>> served, Baseline baseline) {
    List<String> dates = served.entrySet().stream().filter(e -> e.getValue().containsKey("challenger"))
        .map(e -> e.getKey().toString()).toList();
    if (dates.isEmpty()) {
      return new TreeMap<>();
    }
    Dataset<Row> variants = scored.where(col("score_date").cast("string").isin(dates.toArray()))
        .select(col("score_date").as(DatasetConfig.EVENT_DATE), col(InputRows.ROW_ID), col("variant").as("__variant"));
    return DayProfiles.byVariant(inputRows.join(variants, new String[] {DatasetConfig.EVENT_DATE, InputRows.ROW_ID}),
        "__variant", dataset, baseline);
  }

  private MonitorResult record(TreeMap<LocalDate, Map<String, OutputHistograms.Key>> served,
      Profiles profiles, Map<OutputHistograms.Key, List<OutputHistograms.Cell>> outputs,
      Operations operations, Baseline baseline, Map<Long, Optional<Reference>> references, LabelKind kind,
      double[] range) {
    InputDrift drift = new InputDrift(dataset, monitor, baseline);
    OutputMetrics outputMetrics = new OutputMetrics(monitor, kind);
    MonitoringTables tables = new MonitoringTables(spark, lakehouse, dataset.name(), run.runId());
    Alerting alerting = new Alerting(spark, lakehouse, monitor, run.runId());
    List<MonitorResult.Day> days = new ArrayList<>();
    TreeMap<LocalDate, List<MetricRow>> byDate = new TreeMap<>();
    TreeMap<LocalDate, List<AlertRules.MonitorAlert>> alerts = new TreeMap<>();
    ModelRegistry registry = new ModelRegistry(spark, lakehouse);
    String modelName = served.firstEntry().getValue().get("champion").modelName();
    List<io.lakeml.registry.Rollout> rollouts = registry.rollouts(modelName);
    RolloutGuard guard = new RolloutGuard(monitor.rollout(), kind);
    Optional<MetricRow> halt = Optional.empty();
    for (Map.Entry<LocalDate, Map<String, OutputHistograms.Key>> e : served.entrySet()) {
      LocalDate date = e.getKey();
      OutputHistograms.Key champion = e.getValue().get("champion");
      List<MetricRow> rows = new ArrayList<>();
      DayProfiles.Profile day = profiles.all().get(date);
      if (day != null) {
        rows.addAll(drift.measure(date, new InputDrift.Served(champion.modelName(), champion.modelVersion(),
            MetricRow.ALL), day, trailing(profiles.all(), date), unseenShares(operations, date)));
      }
      profiles.byVariant().getOrDefault(date, Map.of()).forEach((variant, profile) -> {
        OutputHistograms.Key k = e.getValue().get(variant);
        if (k != null) {
          rows.addAll(drift.measure(date, new InputDrift.Served(k.modelName(), k.modelVersion(), variant), profile,
              Optional.empty(), Map.of()));
        }
      });
      for (OutputHistograms.Key k : e.getValue().values()) {
        rows.addAll(outputMetrics.measure(k, outputs.getOrDefault(k, List.of()), references.get(k.modelVersion())));
      }
      rows.addAll(operations.measure(date, champion.modelName(), champion.modelVersion()));
      Optional<io.lakeml.registry.Rollout> rollout = io.lakeml.registry.Rollout.deciding(rollouts, date);
      if (rollout.isPresent()) {
        Optional<MetricRow> compared = guard.compare(date, rollout.get(), rows);
        compared.ifPresent(rows::add);
        if (halt.isEmpty() && rollout.get().state() == io.lakeml.registry.Rollout.State.ACTIVE) {
          halt = compared.filter(r -> r.status() == MonitorConfig.Status.ALERT);
        }
      }
      byDate.put(date, rows);
      alerts.put(date, AlertRules.fire(dataset.name(), date, rows, monitor));
    }
    // One commit for the metrics of every date and one for their alerts: a rerun replaces exactly
    // the dates it covers, and a failure before the commit leaves the previous figures in place.
    LocalDate first = served.firstKey();
    LocalDate last = served.lastKey();
    run.timed("write_metrics", () -> {
      tables.writeMetrics(first, last, byDate.values().stream().flatMap(List::stream).toList());
      return null;
    });
    List<AlertRules.MonitorAlert> fresh = run.timed("write_alerts", () -> tables.writeAlerts(first, last,
        alerts.values().stream().flatMap(List::stream).toList()));
    alerting.announce(fresh, tables);
    Optional<String> halted = halt.map(h -> haltRollout(registry, h));
    for (Map.Entry<LocalDate, List<MetricRow>> e : byDate.entrySet()) {
      List<MetricRow> rows = e.getValue();
      List<AlertRules.MonitorAlert> fired = alerts.get(e.getKey());
      long announced = fresh.stream().filter(a -> a.date().equals(e.getKey())).count();
      days.add(new MonitorResult.Day(e.getKey(), rows.size(), fired.size(), (int) announced,
          fired.stream().anyMatch(a -> a.action().blocking()), metric(rows, "auc", "champion"),
          metric(rows, "estimated_auc", "champion"), metric(rows, InputDrift.DATASET_DRIFT, MetricRow.ALL)));
    }
    run.output(DataRef.delta(TableNames.MONITORING_METRICS, lakehouse.tablePath(TableNames.MONITORING_METRICS),
        DeltaTables.latestVersion(spark, lakehouse.tablePath(TableNames.MONITORING_METRICS)).orElse(0L), null));
    MonitorResult result = new MonitorResult(dataset.name(), run.runId(), days, alerting.requests(),
        alerting.webhookFailures(), halted);
    run.metric("dates", days.size());
    run.metric("alerts", result.alerts());
    run.metric("blocking", result.blocking());
    return result;
  }

  /**
   * Halts the rollout after the metrics are committed: scoring dates after {@code h}'s give the
   * challenger no rows; a critical alert and a {@code rollout halted} event record why.
   */
  private String haltRollout(ModelRegistry registry, MetricRow h) {
    String why = RolloutGuard.why(h);
    registry.haltRollout(h.modelName(), h.date(), why, "monitor", run.runId());
    io.lakeml.internal.monitoring.Alerts.record(spark, lakehouse, "monitor", run.runId(), io.lakeml.internal.monitoring.Alert.critical(
        "rollout_halted", dataset.name(), h.modelName(), h.modelVersion(), "Rollout of " + h.modelName() + " v"
            + h.modelVersion() + " halted: " + why + "; from " + h.date().plusDays(1) + " the champion serves every row"));
    run.metric("rollout_halted", why);
    return "rollout of v" + h.modelVersion() + " HALTED: " + why;
  }

  private static Optional<Double> metric(List<MetricRow> rows, String metric, String variant) {
    return rows.stream().filter(r -> r.metric().equals(metric) && r.variant().equals(variant) && r.feature().isEmpty())
        .map(MetricRow::value).findFirst();
  }

  /** The sum of the previous {@code trailing-days} dates' profiles, when configured and present. */
  private Optional<DayProfiles.Profile> trailing(TreeMap<LocalDate, DayProfiles.Profile> profiles, LocalDate date) {
    if (monitor.trailingDays() == 0) {
      return Optional.empty();
    }
    return profiles.subMap(date.minusDays(monitor.trailingDays()), true, date, false).values().stream()
        .reduce(DayProfiles.Profile::plus);
  }

  private static Map<String, Double> unseenShares(Operations operations, LocalDate date) {
    return operations.run(date).map(Operations.Run::unseenShares).orElse(Map.of());
  }

  /** The model that served each variant on each date (the latest run of a date replaced its rows). */
  private static TreeMap<LocalDate, Map<String, OutputHistograms.Key>> servedModels(Dataset<Row> scored) {
    TreeMap<LocalDate, Map<String, OutputHistograms.Key>> out = new TreeMap<>();
    for (Row r : scored.groupBy("score_date", "variant", "model_name", "model_version").agg(count(lit(1)))
        .collectAsList()) {
      LocalDate date = r.getDate(0).toLocalDate();
      out.computeIfAbsent(date, d -> new LinkedHashMap<>())
          .put(r.getString(1), new OutputHistograms.Key(date, r.getString(1), r.getString(2), r.getLong(3)));
    }
    // A date the challenger served entirely still has its production version's drift.
    out.values().forEach(m -> m.putIfAbsent("champion", m.values().iterator().next()));
    return out;
  }

  private long dataVersion(ModelRegistry registry, String name, long version) {
    List<Row> rows = registry.versions().where(col("name").equalTo(name).and(col("version").equalTo(version)))
        .select("data_version").collectAsList();
    if (rows.isEmpty()) {
      throw Errors.unknownModelVersion(name, version);
    }
    return rows.get(0).getLong(0);
  }

  /** The fine bins' range: probabilities [0, 1]; a regression's evaluation range, widened by half. */
  private static double[] fineRange(LabelKind kind, Map<Long, Optional<Reference>> references) {
    if (kind != LabelKind.REGRESSION) {
      return new double[] {0, 1};
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Optional<Reference> r : references.values()) {
      if (r.isPresent() && r.get().quantiles().length > 0) {
        double[] q = r.get().quantiles();
        lo = Math.min(lo, q[0]);
        hi = Math.max(hi, q[q.length - 1]);
      }
    }
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || hi <= lo) {
      return new double[] {0, 1};
    }
    double pad = (hi - lo) / 2;
    return new double[] {lo - pad, hi + pad};
  }
}
