package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.features.Split;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.model.BatchScorer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The canary batch of a version: a few hundred test rows (their serving columns, as JSON) and what
 * this version gave them, in the Delta table {@code canaries}: {@code score} (a binary model's
 * positive probability, a regression's prediction, a multiclass model's top probability) and
 * {@code outputs} (every output: a multiclass model's class probabilities). The scoring job's
 * health check replays them and expects the same outputs.
 */
final class Canary {
  static final int ROWS = 200;
  static final String TABLE = io.lakeml.lakehouse.TableNames.CANARIES;

  private Canary() {}

  static void store(SparkSession spark, Lakehouse lakehouse, String name, long version, Dataset<Row> scored,
      DatasetConfig d, String runId, boolean vectors) {
    Column[] serving = d.servingColumns().stream().map(ColumnSpec::name)
        .map(n -> col(SchemaContract.quote(n)).as(n)).toArray(Column[]::new);
    Dataset<Row> canary = scored.orderBy(Split.ROW_HASH).limit(ROWS)
        .select(lit(name).as("name"), lit(version).as("version"), to_json(struct(serving)).as("input"),
            (vectors ? array_max(col(BatchScorer.SCORE)) : col(BatchScorer.SCORE)).as("score"),
            (vectors ? col(BatchScorer.SCORE) : array(col(BatchScorer.SCORE))).as("outputs"), lit(runId).as("run_id"));
    String path = lakehouse.tablePath(TABLE);
    canary.write().format("delta").mode("overwrite").option("mergeSchema", "true") // outputs: added later
        .option("replaceWhere", String.format("name = '%s' AND version = %d", name.replace("'", "''"), version))
        .save(path);
  }
}
