package io.lakeml.score;

import static org.apache.spark.sql.functions.col;

import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scoring runs in the Delta table {@code monitoring}, one row per scored date: counts, throughput,
 * batch latency, variant shares, fallback, and a map of further metrics (score summaries per
 * variant, unseen categories per column). Drift and health dashboards read it; {@code --resume}
 * reads it to skip dates already scored with the same model, input and config.
 */
final class ScoreMonitoring {
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("job", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType, false)
      .add("score_date", DataTypes.DateType, false)
      .add("model_name", DataTypes.StringType, false)
      .add("model_version", DataTypes.LongType, false)
      .add("challenger_version", DataTypes.LongType)
      .add("fallback", DataTypes.BooleanType, false)
      .add("rows_read", DataTypes.LongType, false)
      .add("rows_scored", DataTypes.LongType, false)
      .add("rows_quarantined", DataTypes.LongType, false)
      .add("errors", DataTypes.LongType, false)
      .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
      .add("input_signature", DataTypes.StringType)
      .add("config_sha256", DataTypes.StringType)
      .add("recorded_at", DataTypes.TimestampType, false);

  private ScoreMonitoring() {}

  static void append(SparkSession spark, Lakehouse lakehouse, ScoreResult r, String inputSignature, String configSha) {
    Row row = RowFactory.create(r.runId(), "score", r.dataset(), Date.valueOf(r.date()), r.modelName(), r.modelVersion(),
        r.challengerVersion().orElse(null), r.fallback(), r.rowsRead(), r.rowsScored(), r.rowsQuarantined(),
        r.metrics().getOrDefault("errors", 0.0).longValue(), r.metrics(), inputSignature, configSha,
        Timestamp.from(Instant.now()));
    spark.createDataFrame(List.of(row), SCHEMA).write().format("delta").mode("append")
        .save(lakehouse.tablePath(TableNames.MONITORING));
  }

  /**
   * Whether the latest scoring of the date used this model (no fallback), input and config: what
   * {@code --resume} skips.
   */
  static boolean alreadyScored(SparkSession spark, Lakehouse lakehouse, String dataset, LocalDate date,
      ServingPlan plan, String inputSignature, String configSha) {
    String path = lakehouse.tablePath(TableNames.MONITORING);
    if (!DeltaTables.exists(spark, path)) {
      return false;
    }
    List<Row> latest = spark.read().format("delta").load(path)
        .where(col("dataset").equalTo(dataset).and(col("score_date").equalTo(Date.valueOf(date))))
        .orderBy(col("recorded_at").desc()).limit(1).collectAsList();
    if (latest.isEmpty()) {
      return false;
    }
    Row m = latest.get(0);
    Long challenger = m.isNullAt(m.fieldIndex("challenger_version")) ? null : m.getAs("challenger_version");
    return m.<Long>getAs("model_version") == plan.champion().version()
        && java.util.Objects.equals(challenger, plan.challenger().map(ServedModel::version).orElse(null))
        && !m.<Boolean>getAs("fallback")
        && inputSignature.equals(m.getAs("input_signature"))
        && configSha.equals(m.getAs("config_sha256"));
  }
}
