package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;

import io.lakeml.config.AlertRule;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.monitoring.Alerts;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Monitoring's writes, the dates of a run replaced whole on a rerun: its rows of
 * {@code monitoring_metrics} (partitioned by date) in one commit, and its alerts in {@code alerts}
 * in another (an alert that fired on an earlier run for the same date, rule and subject keeps when
 * and by which run it was first raised, and is not announced again).
 */
final class MonitoringTables {
  static final String JOB = "monitor";
  static final StructType METRICS = new StructType()
      .add("dataset", DataTypes.StringType, false)
      .add("date", DataTypes.DateType, false)
      .add("model_name", DataTypes.StringType, false)
      .add("model_version", DataTypes.LongType, false)
      .add("variant", DataTypes.StringType, false)
      .add("metric", DataTypes.StringType, false)
      .add("feature", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, false)
      .add("threshold", DataTypes.DoubleType)
      .add("status", DataTypes.StringType, false)
      .add("reference", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("recorded_at", DataTypes.TimestampType, false);

  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final String dataset;
  private final String runId;

  MonitoringTables(SparkSession spark, Lakehouse lakehouse, String dataset, String runId) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.dataset = dataset;
    this.runId = runId;
  }

  /** Replaces the metric rows of the dates from {@code first} to {@code last} in one commit. */
  void writeMetrics(LocalDate first, LocalDate last, List<MetricRow> rows) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> out = new ArrayList<>(rows.size());
    for (MetricRow r : rows) {
      out.add(RowFactory.create(dataset, Date.valueOf(r.date()), r.modelName(), r.modelVersion(), r.variant(), r.metric(),
          r.feature(), finite(r.value()), Double.isNaN(r.threshold()) ? null : r.threshold(), r.status().label(),
          r.reference(), runId, now));
    }
    spark.createDataFrame(out, METRICS).coalesce(1).write().format("delta").mode("overwrite")
        .partitionBy("date")
        .option("replaceWhere", String.format("date >= '%s' AND date <= '%s' AND dataset = '%s'", first, last,
            dataset.replace("'", "''")))
        .save(lakehouse.tablePath(TableNames.MONITORING_METRICS));
  }

  /**
   * Replaces the date's monitoring alerts in one commit; returns those not raised before for the
   * same date, rule and subject (the ones to announce).
   */
  List<AlertRules.MonitorAlert> writeAlerts(LocalDate first, LocalDate last, List<AlertRules.MonitorAlert> alerts) {
    String path = lakehouse.tablePath(TableNames.ALERTS);
    Map<String, Row> earlier = new HashMap<>();
    boolean current = DeltaTables.exists(spark, path)
        && List.of(spark.read().format("delta").load(path).columns()).contains("alert_date");
    if (current) {
      for (Row r : spark.read().format("delta").load(path).where(ofDates(first, last)).collectAsList()) {
        earlier.put(r.getAs("alert_date") + "\u0000" + r.getAs("kind") + "\u0000" + r.getAs("subject"), r);
      }
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    // A webhook's failure stays on record: the alert it failed to deliver is not announced again.
    earlier.forEach((k, r) -> {
      if (AlertRule.WEBHOOK_FAILED.key().equals(r.getAs("kind"))) {
        rows.add(r);
      }
    });
    List<AlertRules.MonitorAlert> fresh = new ArrayList<>();
    for (AlertRules.MonitorAlert a : alerts) {
      Row before = earlier.get(Date.valueOf(a.date()) + "\u0000" + a.rule().key() + "\u0000" + a.subject());
      if (before == null) {
        fresh.add(a);
      }
      rows.add(row(a, before == null ? now : before.getAs("at"), before == null ? runId : before.getAs("run_id")));
    }
    if (!current && !rows.isEmpty()) {
      // A table from before alerts carried their date: this append adds the columns.
      append(rows, path);
    } else if (!rows.isEmpty() || !earlier.isEmpty()) {
      spark.createDataFrame(rows, Alerts.SCHEMA).coalesce(1).write().format("delta").mode("overwrite")
          .option("replaceWhere", predicate(first, last)).save(path);
    }
    return fresh;
  }

  /** Adds alerts (a webhook's failures) beside those already written. */
  void appendAlerts(List<AlertRules.MonitorAlert> alerts) {
    Timestamp now = Timestamp.from(Instant.now());
    append(alerts.stream().map(a -> row(a, now, runId)).toList(), lakehouse.tablePath(TableNames.ALERTS));
  }

  private void append(List<Row> rows, String path) {
    spark.createDataFrame(rows, Alerts.SCHEMA).coalesce(1).write().format("delta").mode("append")
        .option("mergeSchema", "true").save(path);
  }

  private Row row(AlertRules.MonitorAlert a, Timestamp at, String raisedBy) {
    MetricRow e = a.evidence();
    return RowFactory.create(at, raisedBy, JOB, a.action().severity(), a.rule().key(), dataset, e.modelName(),
        e.modelVersion(), a.message(), Date.valueOf(a.date()), a.subject(), e.metric(), finite(e.value()),
        Double.isNaN(e.threshold()) ? null : e.threshold(), e.reference(), a.action().blocking());
  }

  private org.apache.spark.sql.Column ofDates(LocalDate first, LocalDate last) {
    return col("job").equalTo(JOB).and(col("dataset").equalTo(dataset))
        .and(col("alert_date").between(Date.valueOf(first), Date.valueOf(last)));
  }

  private String predicate(LocalDate first, LocalDate last) {
    return String.format("job = '%s' AND dataset = '%s' AND alert_date >= '%s' AND alert_date <= '%s'", JOB,
        dataset.replace("'", "''"), first, last);
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : (v > 0 ? Double.MAX_VALUE : v < 0 ? -Double.MAX_VALUE : 0);
  }
}
