package io.lakeml.score;

import static org.apache.spark.sql.functions.col;

import io.lakeml.config.ScoreConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.model.Canaries;
import io.lakeml.internal.model.LoadedModel;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
      long version, LoadedModel model, ScoreConfig score) {
    double tolerance = score.canaryTolerance();
    boolean vectors = model.task().kind() == io.lakeml.dataset.LabelKind.MULTICLASS;
    Optional<Dataset<Row>> stored = Canaries.read(spark, lakehouse, d, name, version, vectors, EXPECTED);
    if (stored.isEmpty()) {
      return Optional.of("no canary batch is stored for version " + version + " in "
          + lakehouse.tablePath(Canaries.TABLE)
          + " (evaluation stores one: run 'lakeml evaluate --model-version " + version + "')");
    }
    Dataset<Row> inputs = stored.get();
    // The very path scoring takes (compiled features or the Spark ML pipeline), so a divergence of
    // that path from the outputs stored at evaluation fails here, before anything is written.
    ServedModel served = new ServedModel(name, version, "", model, ServedModel.DEFAULT_THRESHOLD);
    Dataset<Row> typed = inputs.withColumn(DatasetConfig.EVENT_DATE,
        SchemaContract.forServing(d).processing(java.time.LocalDate.now(java.time.ZoneOffset.UTC)).eventDate(spark));
    List<Row> replayed = ServingScores.score(DerivedColumns.withDerived(typed, d), d, List.of(served), null, 256, score, null)
        .rows().select(col(EXPECTED), col(ServingScores.scoreColumn(0))).collectAsList();
    double worst = 0;
    int invalid = 0;
    for (Row r : replayed) {
      double[] expected = values(r, 0);
      double[] got = values(r, 1);
      for (int i = 0; i < got.length; i++) {
        if (!valid(model.task(), got[i])) {
          invalid++;
        }
        worst = Math.max(worst, i < expected.length ? Math.abs(got[i] - expected[i]) : Double.POSITIVE_INFINITY);
      }
    }
    if (invalid > 0) {
      return Optional.of(invalid + " of " + replayed.size() + " canary outputs are "
          + (model.task().classifier() ? "not probabilities in [0, 1]" : "not finite numbers"));
    }
    if (!(worst <= tolerance)) {
      return Optional.of(String.format("its canary outputs differ from the ones stored at evaluation by up to %.3g "
          + "(tolerance %.3g, lakeml.score.canary-tolerance)", worst, tolerance));
    }
    return Optional.empty();
  }

  private static double[] values(Row r, int i) {
    if (r.isNullAt(i)) {
      return new double[] {Double.NaN};
    }
    Object v = r.get(i);
    if (v instanceof Number n) {
      return new double[] {n.doubleValue()};
    }
    List<Object> list = r.getList(i);
    return list.stream().mapToDouble(x -> x == null ? Double.NaN : ((Number) x).doubleValue()).toArray();
  }

  private static boolean valid(io.lakeml.internal.model.ModelTask task, double output) {
    return task.classifier() ? Double.isFinite(output) && output >= 0 && output <= 1 : Double.isFinite(output);
  }
}
