package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;

import io.lakeml.lakehouse.DeltaTables;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.lakehouse.TableNames;
import io.lakeml.util.Hashing;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table {@code retrain_requests}: an alert whose rule asks for retraining opens one
 * (why, the evidence, the window to train on), unless the dataset already has an open request
 * (one review at a time; later evidence is in {@code alerts}). Training on it stops at staging:
 * a person still approves production.
 */
final class RetrainRequests {
  static final String OPEN = "open";
  static final StructType SCHEMA = new StructType()
      .add("request_id", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType, false)
      .add("model_name", DataTypes.StringType, false)
      .add("model_version", DataTypes.LongType, false)
      .add("rule", DataTypes.StringType, false)
      .add("alert_date", DataTypes.DateType, false)
      .add("reason", DataTypes.StringType, false)
      .add("window_from", DataTypes.DateType, false)
      .add("window_to", DataTypes.DateType, false)
      .add("status", DataTypes.StringType, false)
      .add("created_at", DataTypes.TimestampType, false)
      .add("created_by_run", DataTypes.StringType, false)
      .add("updated_at", DataTypes.TimestampType, false)
      .add("note", DataTypes.StringType);

  private RetrainRequests() {}

  /** Opens a request for {@code alert} unless the dataset has one open; returns its id when opened. */
  static Optional<String> open(SparkSession spark, Lakehouse lakehouse, AlertRules.MonitorAlert alert, int windowDays,
      String runId) {
    String path = lakehouse.tablePath(TableNames.RETRAIN_REQUESTS);
    if (DeltaTables.exists(spark, path) && !spark.read().format("delta").load(path)
        .where(col("dataset").equalTo(alert.dataset()).and(col("status").equalTo(OPEN))).isEmpty()) {
      return Optional.empty();
    }
    String id = Hashing.sha256(alert.dataset() + "/" + alert.date() + "/" + alert.rule().key() + "/" + alert.subject())
        .substring(0, 12);
    LocalDate to = alert.date();
    LocalDate from = to.minusDays(windowDays - 1L);
    Timestamp now = Timestamp.from(Instant.now());
    Row row = RowFactory.create(id, alert.dataset(), alert.evidence().modelName(), alert.evidence().modelVersion(),
        alert.rule().key(), Date.valueOf(alert.date()), alert.message(), Date.valueOf(from), Date.valueOf(to), OPEN, now,
        runId, now, null);
    spark.createDataFrame(List.of(row), SCHEMA).write().format("delta").mode("append").save(path);
    return Optional.of(id);
  }
}
