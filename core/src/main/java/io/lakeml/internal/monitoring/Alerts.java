package io.lakeml.internal.monitoring;

import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta table {@code alerts}: one row per alert, appended, with the run that raised it. Alerts
 * are also logged at WARN, so a log-based pager sees them without reading the table.
 */
public final class Alerts {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
  /**
   * The table's columns. Monitoring's alerts also say which date they are about, what they concern
   * (a feature, a variant) and their evidence; other jobs leave those null.
   */
  public static final StructType SCHEMA = new StructType()
      .add("at", DataTypes.TimestampType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("job", DataTypes.StringType, false)
      .add("severity", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType)
      .add("model_name", DataTypes.StringType)
      .add("model_version", DataTypes.LongType)
      .add("message", DataTypes.StringType, false)
      .add("alert_date", DataTypes.DateType)
      .add("subject", DataTypes.StringType)
      .add("metric", DataTypes.StringType)
      .add("value", DataTypes.DoubleType)
      .add("threshold", DataTypes.DoubleType)
      .add("reference", DataTypes.StringType)
      .add("blocking", DataTypes.BooleanType);

  private Alerts() {}

  /** Creates the (empty) table if it does not exist yet, so queries over it work before the first alert. */
  public static void createIfMissing(SparkSession spark, Lakehouse lakehouse) {
    io.lakeml.internal.lakehouse.DeltaTables.createIfMissing(spark, lakehouse.tablePath(TableNames.ALERTS), SCHEMA, List.of());
  }

  public static void record(SparkSession spark, Lakehouse lakehouse, String job, String runId, Alert alert) {
    record(spark, lakehouse, job, runId, alert, null, null);
  }

  /** An alert about a date and a subject (an orchestrator's task, say), without measured evidence. */
  public static void record(SparkSession spark, Lakehouse lakehouse, String job, String runId, Alert alert,
      java.time.LocalDate date, String subject) {
    LOG.warn("ALERT [{}] {}: {}", alert.severity(), alert.kind(), alert.message());
    Row row = RowFactory.create(Timestamp.from(Instant.now()), runId, job, alert.severity(), alert.kind(),
        alert.dataset(), alert.modelName(), alert.modelVersion(), alert.message(),
        date == null ? null : java.sql.Date.valueOf(date), subject, null, null, null, null, null);
    // mergeSchema: a table made before alerts carried their evidence gains those columns.
    spark.createDataFrame(List.of(row), SCHEMA).write().format("delta").mode("append").option("mergeSchema", "true")
        .save(lakehouse.tablePath(TableNames.ALERTS));
  }
}
