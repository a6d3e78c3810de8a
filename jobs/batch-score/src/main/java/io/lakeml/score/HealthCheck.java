package io.lakeml.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.lakehouse.DeltaTables;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.lakehouse.TableNames;
import io.lakeml.model.LoadedModel;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The health check of a loaded version before it may score: the canary batch stored when it was
 * evaluated goes through the serving path again (derivations, the version's own feature pipeline,
 * the network) and must reproduce the stored scores within the tolerance, every output a finite
 * probability. A model that loads but computes something else (a wrong native library, a changed
 * dependency, a mismatched pipeline) fails here instead of writing wrong scores.
 */
final class HealthCheck {
  private static final String EXPECTED = "__expected";

  private HealthCheck() {}

  /** Empty when healthy; otherwise what is wrong, in one sentence. */
  static Optional<String> problem(SparkSession spark, Lakehouse lakehouse, DatasetConfig d, String name,
      long version, LoadedModel model, double tolerance) {
    String path = lakehouse.tablePath(TableNames.CANARIES);
    Dataset<Row> canary = DeltaTables.exists(spark, path)
        ? spark.read().format("delta").load(path).where(col("name").equalTo(name).and(col("version").equalTo(version)))
        : spark.emptyDataFrame();
    if (!DeltaTables.exists(spark, path) || canary.isEmpty()) {
      return Optional.of("no canary batch is stored for version " + version + " in " + path
          + " (evaluation stores one: run 'lakeml evaluate --version " + version + "')");
    }
    Dataset<Row> inputs = canary.select(from_json(col("input"), servingSchema(d)).as("in"), col("score").as(EXPECTED))
        .select("in.*", EXPECTED);
    // The very path scoring takes (compiled features or the Spark ML pipeline), so a divergence of
    // that path from the scores stored at evaluation fails here, before anything is written.
    ServedModel served = new ServedModel(name, version, "", model);
    Dataset<Row> typed = inputs.withColumn(DatasetConfig.EVENT_DATE, SchemaContract.forServing(d).eventDate(spark));
    List<Row> replayed = ServingScores.score(DerivedColumns.withDerived(typed, d), d, List.of(served), null, 256, null)
        .rows().select(col(EXPECTED), col(ServingScores.scoreColumn(0))).collectAsList();
    double worst = 0;
    int notProbabilities = 0;
    for (Row r : replayed) {
      double score = r.getDouble(1);
      if (!Double.isFinite(score) || score < 0 || score > 1) {
        notProbabilities++;
      }
      worst = Math.max(worst, Math.abs(score - r.getDouble(0)));
    }
    if (notProbabilities > 0) {
      return Optional.of(notProbabilities + " of " + replayed.size() + " canary outputs are not probabilities in [0, 1]");
    }
    if (!(worst <= tolerance)) {
      return Optional.of(String.format("its canary outputs differ from the ones stored at evaluation by up to %.3g "
          + "(tolerance %.3g, lakeml.score.canary-tolerance)", worst, tolerance));
    }
    return Optional.empty();
  }

  private static StructType servingSchema(DatasetConfig d) {
    StructType schema = new StructType();
    for (ColumnSpec c : d.servingColumns()) {
      schema = schema.add(c.name(), c.type().sparkType());
    }
    return schema;
  }
}
