package io.lakeml.train;

import static org.apache.spark.sql.functions.col;

import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table {@code tuning_trials}: one row per finished trial (and rung), appended a wave at a time (an
 * atomic commit), keyed by the search's key (its config and data version). A search that is run
 * again with the same key reads the trials already there and runs only the rest: that is how a
 * killed search resumes.
 */
final class TuningTrials {
  static final StructType SCHEMA = new StructType()
      .add("dataset", DataTypes.StringType, false)
      .add("tune_key", DataTypes.StringType, false)
      .add("trial", DataTypes.IntegerType, false)
      .add("rung", DataTypes.IntegerType, false)
      .add("params", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, false)
      .add("metric", DataTypes.StringType, false)
      .add("validation_metric", DataTypes.DoubleType, true)
      .add("validation_loss", DataTypes.DoubleType, true)
      .add("best_epoch", DataTypes.IntegerType, false)
      .add("epochs_run", DataTypes.IntegerType, false)
      .add("seconds", DataTypes.DoubleType, false)
      .add("data_version", DataTypes.LongType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("finished_at", DataTypes.TimestampType, false);

  private TuningTrials() {}

  /** The trials of search {@code key} already recorded, by rung and trial index. */
  static Map<List<Integer>, TrialResult> recorded(SparkSession spark, Lakehouse lakehouse, String key) {
    String path = lakehouse.tablePath(TableNames.TUNING_TRIALS);
    Map<List<Integer>, TrialResult> done = new java.util.HashMap<>();
    if (DeltaTables.latestVersion(spark, path).isEmpty()) {
      return done;
    }
    for (Row r : spark.read().format("delta").load(path).where(col("tune_key").equalTo(key)).collectAsList()) {
      done.putIfAbsent(List.of(r.<Integer>getAs("rung"), r.<Integer>getAs("trial")), new TrialResult(r.getAs("trial"),
          r.getAs("rung"), r.getAs("params"), r.getAs("status"),
          r.getAs("reason"), r.getAs("metric"), nan(r.getAs("validation_metric")), nan(r.getAs("validation_loss")),
          r.getAs("best_epoch"), r.getAs("epochs_run"), r.getAs("seconds")));
    }
    return done;
  }

  /** Appends one wave of finished trials in one commit. */
  static void append(SparkSession spark, Lakehouse lakehouse, String dataset, String key, long dataVersion, String runId,
      List<TrialResult> wave) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (TrialResult t : wave) {
      rows.add(RowFactory.create(dataset, key, t.trial(), t.rung(), t.values(), t.status(), t.reason(), t.metric(),
          finite(t.validationMetric()), finite(t.validationLoss()), t.bestEpoch(), t.epochsRun(), t.seconds(),
          dataVersion, runId, now));
    }
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("append")
        .save(lakehouse.tablePath(TableNames.TUNING_TRIALS));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }
}
