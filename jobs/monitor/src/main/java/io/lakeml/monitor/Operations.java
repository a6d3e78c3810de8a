package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;

import io.lakeml.config.MonitorConfig;
import io.lakeml.config.MonitorConfig.Status;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Operations and SLA of each date, from what the scoring runs recorded in {@code monitoring}: the
 * latest run of a date for its counts and latency, the first for when it was scored. Spikes and
 * rises are judged against the median of the previous scored dates.
 */
final class Operations {
  /** Days the availability of the SLA is measured over. */
  static final int AVAILABILITY_DAYS = 30;

  /** What scoring recorded for a date. */
  record Run(LocalDate date, long read, long scored, long quarantined, long errors, boolean fallback,
      double msPer1000P99, double rowsPerSecond, Instant firstScoredAt, Map<String, Double> unseenShares) {}

  private final MonitorConfig config;
  private final TreeMap<LocalDate, Run> runs;

  private Operations(MonitorConfig config, TreeMap<LocalDate, Run> runs) {
    this.config = config;
    this.runs = runs;
  }

  /** The scoring runs of {@code dataset} from {@code from} (less the look-back) to {@code to}. */
  static Operations read(SparkSession spark, Lakehouse lakehouse, String dataset, MonitorConfig config, LocalDate from,
      LocalDate to) {
    String path = lakehouse.tablePath(TableNames.MONITORING);
    TreeMap<LocalDate, Run> runs = new TreeMap<>();
    if (!DeltaTables.exists(spark, path)) {
      return new Operations(config, runs);
    }
    LocalDate since = from.minusDays(Math.max(config.operations().trailingDays(), AVAILABILITY_DAYS) + 1L);
    List<Row> rows = spark.read().format("delta").load(path)
        .where(col("dataset").equalTo(dataset).and(col("job").equalTo("score"))
            .and(col("score_date").between(Date.valueOf(since), Date.valueOf(to))))
        .orderBy("score_date", "recorded_at").collectAsList();
    TreeMap<LocalDate, Instant> first = new TreeMap<>();
    for (Row r : rows) {
      LocalDate date = r.<Date>getAs("score_date").toLocalDate();
      Map<String, Double> m = r.getJavaMap(r.fieldIndex("metrics"));
      if (m != null && m.getOrDefault("skipped", 0.0) > 0) {
        continue;
      }
      Instant at = r.<java.sql.Timestamp>getAs("recorded_at").toInstant();
      first.putIfAbsent(date, at);
      long scored = r.getAs("rows_scored");
      double batches = m == null ? 0 : m.getOrDefault("batches", 0.0);
      double p99 = m == null ? 0 : m.getOrDefault("batch_ms_p99", 0.0);
      double perBatch = batches > 0 ? scored / batches : 0;
      runs.put(date, new Run(date, r.getAs("rows_read"), scored, r.getAs("rows_quarantined"), r.getAs("errors"),
          r.getAs("fallback"), perBatch > 0 ? p99 * 1000 / perBatch : 0,
          m == null ? 0 : m.getOrDefault("rows_per_second", 0.0), first.get(date), unseen(m, scored)));
    }
    return new Operations(config, runs);
  }

  /** Scoring's count of rows whose category the model never saw, per feature, as a share of the rows scored. */
  private static Map<String, Double> unseen(Map<String, Double> metrics, long scored) {
    Map<String, Double> shares = new java.util.LinkedHashMap<>();
    if (metrics != null && scored > 0) {
      metrics.forEach((k, v) -> {
        if (k.startsWith("unseen.")) {
          shares.put(k.substring("unseen.".length()), v / scored);
        }
      });
    }
    return shares;
  }

  Optional<Run> run(LocalDate date) {
    return Optional.ofNullable(runs.get(date));
  }

  /** The operations and SLA rows of a date (variant {@code all}); none when scoring recorded nothing. */
  List<MetricRow> measure(LocalDate date, String modelName, long version) {
    List<MetricRow> rows = new ArrayList<>();
    Run run = runs.get(date);
    if (run == null) {
      return rows;
    }
    Metrics m = new Metrics(date, modelName, version, rows);
    List<Run> before = new ArrayList<>(runs.headMap(date, false).descendingMap().values())
        .subList(0, Math.min(config.operations().trailingDays(), runs.headMap(date, false).size()));
    m.info("rows_scored", run.scored(), "scoring run");
    m.info("latency_p99_ms_per_1000", run.msPer1000P99(), "scoring run");
    m.info("rows_per_second", run.rowsPerSecond(), "scoring run");
    double errorRate = run.read() == 0 ? 0 : (double) run.errors() / run.read();
    m.max("error_rate", errorRate, config.operations().maxErrorRate(), "scoring run");
    double quarantineRate = run.read() == 0 ? 0 : (double) run.quarantined() / run.read();
    m.info("quarantine_rate", quarantineRate, "scoring run");
    m.max("fallback", run.fallback() ? 1 : 0, 0, "scoring run");
    if (!before.isEmpty()) {
      String trailing = "median of previous " + before.size() + " dates";
      double latency = median(before.stream().mapToDouble(Run::msPer1000P99).toArray());
      if (latency > 0) {
        m.atLeast("latency_spike", run.msPer1000P99() / latency, config.operations().latencyFactor(), trailing);
      }
      double quarantine = median(before.stream().mapToDouble(r -> r.read() == 0 ? 0 : (double) r.quarantined() / r.read()).toArray());
      m.atLeast("quarantine_increase", quarantineRate - quarantine, config.operations().quarantineIncrease(), trailing);
      double volume = median(before.stream().mapToDouble(Run::scored).toArray());
      if (volume > 0) {
        m.atLeast("volume_change", Math.abs(run.scored() - volume) / volume, config.operations().volumeChange(), trailing);
      }
    }
    sla(run, m);
    return rows;
  }

  private void sla(Run run, Metrics m) {
    MonitorConfig.Sla sla = config.sla();
    sla.latencyP99MsPer1000().ifPresent(t -> m.max("sla_latency_p99_ms_per_1000", run.msPer1000P99(), t, "declared SLA"));
    sla.minRowsPerSecond().ifPresent(t -> m.min("sla_rows_per_second", run.rowsPerSecond(), t, "declared SLA"));
    sla.deadline().ifPresent(deadline -> {
      m.min("sla_deadline_met", metDeadline(run, deadline) ? 1 : 0, 1, "declared SLA");
      sla.availability().ifPresent(target -> {
        int met = 0;
        for (int i = 0; i < AVAILABILITY_DAYS; i++) {
          Run r = runs.get(run.date().minusDays(i));
          met += r != null && metDeadline(r, deadline) ? 1 : 0;
        }
        m.min("sla_availability", (double) met / AVAILABILITY_DAYS, target, "declared SLA, last " + AVAILABILITY_DAYS + " dates");
      });
    });
  }

  private static boolean metDeadline(Run run, java.time.Duration deadline) {
    Instant due = run.date().atStartOfDay(ZoneOffset.UTC).toInstant().plus(deadline);
    return !run.firstScoredAt().isAfter(due);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Rows of one date with their verdicts. */
  private record Metrics(LocalDate date, String modelName, long version, List<MetricRow> rows) {
    void info(String metric, double value, String reference) {
      rows.add(MetricRow.info(date, modelName, version, MetricRow.ALL, metric, value, reference));
    }

    void max(String metric, double value, double max, String reference) {
      add(metric, value, max, value > max, reference);
    }

    void min(String metric, double value, double min, String reference) {
      add(metric, value, min, value < min, reference);
    }

    void atLeast(String metric, double value, double bound, String reference) {
      add(metric, value, bound, value >= bound, reference);
    }

    private void add(String metric, double value, double threshold, boolean breached, String reference) {
      rows.add(new MetricRow(date, modelName, version, MetricRow.ALL, metric, "", value, threshold,
          breached ? Status.ALERT : Status.OK, reference));
    }
  }
}
