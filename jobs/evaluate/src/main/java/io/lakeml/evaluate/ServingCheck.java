package io.lakeml.evaluate;

import io.lakeml.errors.Errors;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.features.SparseRows;
import io.lakeml.internal.model.LoadedModel;
import io.lakeml.internal.model.ScoringNetwork;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The serving path (sparse first layer, JVM and BLAS layers) against DL4J's own forward pass on
 * one scoring batch of test rows: every metric, canary and scored row comes from the serving
 * path, so a fault in it must stop the version before the gate can pass it. (A square layer
 * once multiplied in place and gave every row of a batch the same score.)
 */
final class ServingCheck {
  static final double TOLERANCE = 1e-4;

  private ServingCheck() {}

  /** Feature vectors of the first {@code rows} test rows: one small collect, shared with {@link LatencyProbe}. */
  static List<Vector> sample(LoadedModel model, Dataset<Row> test, int rows) {
    return model.pipeline().transform(test.limit(rows)).select(FeaturePipeline.FEATURES).collectAsList().stream()
        .map(r -> (Vector) r.get(0)).toList();
  }

  static void verify(String name, long version, LoadedModel model, List<Vector> sample) {
    SparseRows batch = new SparseRows();
    sample.forEach(batch::add);
    verify(name, version, ScoringNetwork.forThread(model.confJson(), model.params()), batch, TOLERANCE);
  }

  static void verify(String name, long version, ScoringNetwork net, SparseRows batch, double tolerance) {
    verify(name, version, net.positiveProbabilities(batch), net.denseProbabilities(batch), tolerance);
    // Every output too: a multiclass model's probabilities, a regression's prediction.
    verify(name, version, net.outputs(batch), net.denseOutputs(batch), tolerance);
  }

  private static void verify(String name, long version, double[] served, double[] reference, double tolerance) {
    for (int i = 0; i < served.length; i++) {
      if (!(Math.abs(served[i] - reference[i]) <= tolerance)) {
        throw Errors.servingPathDisagrees(name, version, i, served[i], reference[i], tolerance);
      }
    }
  }
}
