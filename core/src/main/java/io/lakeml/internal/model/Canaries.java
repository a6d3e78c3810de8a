package io.lakeml.internal.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.features.Split;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The canary batch of a version: a few hundred test rows (their serving columns, as JSON) and what
 * this version gave them, in the Delta table {@code canaries}: {@code score} (a binary model's
 * positive probability, a regression's prediction, a multiclass model's top probability) and
 * {@code outputs} (every output: a multiclass model's class probabilities). Evaluation stores it;
 * the scoring job's health check replays it and expects the same outputs. One definition of the
 * table for both.
 */
public final class Canaries {
  public static final int ROWS = 200;
  public static final String TABLE = TableNames.CANARIES;
  public static final String NAME = "name";
  public static final String VERSION = "version";
  /** The serving columns of the row, as JSON ({@link #servingSchema}). */
  public static final String INPUT = "input";
  public static final String SCORE = "score";
  public static final String OUTPUTS = "outputs";
  public static final String RUN_ID = "run_id";

  private Canaries() {}

  /**
   * Stores (replacing) the canary batch of {@code name} {@code version}: the first {@link #ROWS}
   * rows of {@code scored} by row hash, with what the model gave them ({@link BatchScorer#SCORE}:
   * a vector when {@code vectors}).
   */
  public static void store(SparkSession spark, Lakehouse lakehouse, String name, long version, Dataset<Row> scored,
      DatasetConfig d, String runId, boolean vectors) {
    Column[] serving = d.servingColumns().stream().map(ColumnSpec::name)
        .map(n -> col(SchemaContract.quote(n)).as(n)).toArray(Column[]::new);
    Dataset<Row> canary = scored.orderBy(Split.ROW_HASH).limit(ROWS)
        .select(lit(name).as(NAME), lit(version).as(VERSION), to_json(struct(serving)).as(INPUT),
            (vectors ? array_max(col(BatchScorer.SCORE)) : col(BatchScorer.SCORE)).as(SCORE),
            (vectors ? col(BatchScorer.SCORE) : array(col(BatchScorer.SCORE))).as(OUTPUTS), lit(runId).as(RUN_ID));
    canary.write().format("delta").mode("overwrite").option("mergeSchema", "true") // outputs: added later
        .option("replaceWhere", String.format("%s = '%s' AND %s = %d", NAME, name.replace("'", "''"), VERSION, version))
        .save(lakehouse.tablePath(TABLE));
  }

  /**
   * The stored batch of a version as its typed serving columns plus {@code expectedColumn} (the
   * stored outputs when {@code vectors}, else the score); empty when none is stored.
   */
  public static Optional<Dataset<Row>> read(SparkSession spark, Lakehouse lakehouse, DatasetConfig d, String name,
      long version, boolean vectors, String expectedColumn) {
    String path = lakehouse.tablePath(TABLE);
    if (!DeltaTables.exists(spark, path)) {
      return Optional.empty();
    }
    Dataset<Row> canary = spark.read().format("delta").load(path)
        .where(col(NAME).equalTo(name).and(col(VERSION).equalTo(version)));
    if (canary.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(canary.select(from_json(col(INPUT), servingSchema(d)).as("in"),
        col(vectors ? OUTPUTS : SCORE).as(expectedColumn)).select("in.*", expectedColumn));
  }

  private static StructType servingSchema(DatasetConfig d) {
    StructType schema = new StructType();
    for (ColumnSpec c : d.servingColumns()) {
      schema = schema.add(c.name(), c.type().sparkType());
    }
    return schema;
  }
}
