package io.lakeml.evaluate;

import io.lakeml.internal.lakehouse.Lakehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every evaluation's metrics, slice metrics, a multiclass model's per-class metrics and confusion
 * matrix ({@code kind} class / confusion), latency, gate checks, and each baseline's metrics and
 * the candidate's lift over it ({@code kind} baseline / baseline_lift, {@code slice} the
 * baseline's name) as rows of {@code evaluations}: the latest evaluation of each version.
 */
final class Evaluations {
  static final String TABLE = "evaluations";
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType).add("name", DataTypes.StringType).add("version", DataTypes.LongType)
      .add("kind", DataTypes.StringType).add("slice", DataTypes.StringType).add("metric", DataTypes.StringType)
      .add("value", DataTypes.DoubleType).add("limit", DataTypes.DoubleType).add("passed", DataTypes.BooleanType)
      .add("at", DataTypes.TimestampType);

  private Evaluations() {}

  static void record(SparkSession spark, Lakehouse lakehouse, EvaluationResult r, String runId) {
    Timestamp at = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    r.metrics().forEach((m, v) -> rows.add(RowFactory.create(runId, r.name(), r.version(), "metric", "", m, v, null, null, at)));
    r.slices().forEach((slice, ms) -> ms.forEach((m, v) ->
        rows.add(RowFactory.create(runId, r.name(), r.version(), "slice", slice, m, v, null, null, at))));
    rows.add(RowFactory.create(runId, r.name(), r.version(), "latency", "", "ms_per_1000_p50", r.latencyP50MsPer1000(), null, null, at));
    rows.add(RowFactory.create(runId, r.name(), r.version(), "latency", "", "ms_per_1000_p99", r.latencyP99MsPer1000(), null, null, at));
    r.measured().perClass().forEach((cls, ms) -> ms.forEach((m, v) ->
        rows.add(RowFactory.create(runId, r.name(), r.version(), "class", cls, m, v, null, null, at))));
    r.measured().confusion().forEach((actual, predicted) -> predicted.forEach((p, n) -> rows.add(RowFactory.create(runId,
        r.name(), r.version(), "confusion", "actual=" + actual, "predicted=" + p, (double) n, null, null, at))));
    for (Baseline b : r.baselines()) {
      b.metrics().forEach((m, v) -> rows.add(RowFactory.create(runId, r.name(), r.version(), "baseline", b.name(), m, v,
          null, null, at)));
      rows.add(RowFactory.create(runId, r.name(), r.version(), "baseline", b.name(), "fit_seconds", b.fitSeconds(), null,
          null, at));
      rows.add(RowFactory.create(runId, r.name(), r.version(), "baseline", b.name(), "training_rows",
          (double) b.trainingRows(), null, null, at));
      r.lift(b).forEach((m, v) -> rows.add(RowFactory.create(runId, r.name(), r.version(), "baseline_lift", b.name(), m,
          v, null, null, at)));
    }
    for (GateCheck c : r.checks()) {
      rows.add(RowFactory.create(runId, r.name(), r.version(), "gate", "", c.name(), c.value(), c.limit(), c.passed(), at));
    }
    write(spark, spark.createDataFrame(rows, SCHEMA), lakehouse.tablePath(TABLE), r.name(), r.version());
  }

  /**
   * Replaces the version's rows in one commit: the table holds each version's latest evaluation,
   * so a rerun (after a run killed between this commit and its end) leaves one set of rows, not
   * two. Earlier evaluations stay readable in the table's history (time travel).
   */
  private static void write(SparkSession spark, org.apache.spark.sql.Dataset<Row> rows, String path, String name,
      long version) {
    if (!io.lakeml.internal.lakehouse.DeltaTables.exists(spark, path)) {
      rows.write().format("delta").mode("append").save(path);
      return;
    }
    rows.write().format("delta").mode("overwrite")
        .option("replaceWhere", "name = '" + name.replace("'", "\\'") + "' AND version = " + version).save(path);
  }
}
