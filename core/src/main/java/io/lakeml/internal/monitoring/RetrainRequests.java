package io.lakeml.internal.monitoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table {@code retrain_requests}: monitoring opens a request when an alert's rule asks
 * for retraining (why, the evidence, the window to train on), unless the dataset already has one
 * open (one review at a time; later evidence is in {@code alerts}). {@code lakeml train --request}
 * trains on its window and marks it started; a person closes it (done or rejected). Training on a
 * request never promotes: production still needs an approval.
 */
public final class RetrainRequests {
  public static final String OPEN = "open";
  public static final String STARTED = "started";
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

  /** A request as stored. */
  public record Request(String id, String dataset, String status, LocalDate windowFrom, LocalDate windowTo,
      String reason) {}

  /** What a request is opened from: the alert's dataset, date, rule and subject, and its model. */
  public record Opening(String dataset, LocalDate date, String rule, String subject, String modelName, long modelVersion,
      String reason) {}

  private RetrainRequests() {}

  /** Opens a request unless the dataset has one open; its id when opened. */
  public static Optional<String> open(SparkSession spark, Lakehouse lakehouse, Opening o, int windowDays, String runId) {
    String path = lakehouse.tablePath(TableNames.RETRAIN_REQUESTS);
    if (DeltaTables.exists(spark, path) && !spark.read().format("delta").load(path)
        .where(col("dataset").equalTo(o.dataset()).and(col("status").equalTo(OPEN))).isEmpty()) {
      return Optional.empty();
    }
    String id = io.lakeml.internal.util.Hashing.sha256(o.dataset() + "/" + o.date() + "/" + o.rule() + "/" + o.subject())
        .substring(0, 12);
    Timestamp now = Timestamp.from(Instant.now());
    Row row = RowFactory.create(id, o.dataset(), o.modelName(), o.modelVersion(), o.rule(), Date.valueOf(o.date()),
        o.reason(), Date.valueOf(o.date().minusDays(windowDays - 1L)), Date.valueOf(o.date()), OPEN, now, runId, now,
        null);
    spark.createDataFrame(List.of(row), SCHEMA).write().format("delta").mode("append").save(path);
    return Optional.of(id);
  }

  /** The dataset's open request, if any (there is at most one: {@link #open} opens no second). */
  public static Optional<String> openOf(SparkSession spark, Lakehouse lakehouse, String dataset) {
    String path = lakehouse.tablePath(TableNames.RETRAIN_REQUESTS);
    if (!DeltaTables.exists(spark, path)) {
      return Optional.empty();
    }
    List<Row> rows = spark.read().format("delta").load(path)
        .where(col("dataset").equalTo(dataset).and(col("status").equalTo(OPEN))).select("request_id").collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getString(0));
  }

  /** The request with this id; a USER error naming the table when there is none. */
  public static Request find(SparkSession spark, Lakehouse lakehouse, String id) {
    String path = lakehouse.tablePath(TableNames.RETRAIN_REQUESTS);
    List<Row> rows = DeltaTables.exists(spark, path)
        ? spark.read().format("delta").load(path).where(col("request_id").equalTo(id)).collectAsList()
        : List.of();
    if (rows.isEmpty()) {
      throw Errors.unknownRetrainRequest(id);
    }
    Row r = rows.get(0);
    return new Request(id, r.getAs("dataset"), r.getAs("status"), r.<Date>getAs("window_from").toLocalDate(),
        r.<Date>getAs("window_to").toLocalDate(), r.getAs("reason"));
  }

  /** Moves a request to {@code status} with a note (who or what did it, and the outcome). */
  public static void update(SparkSession spark, Lakehouse lakehouse, String id, String status, String note) {
    Map<String, Column> set = Map.of("status", lit(status), "note", lit(note), "updated_at", current_timestamp());
    DeltaTable.forPath(spark, lakehouse.tablePath(TableNames.RETRAIN_REQUESTS))
        .update(col("request_id").equalTo(id), new java.util.HashMap<>(set));
  }
}
