package io.lakeml.evaluate;

import io.lakeml.internal.features.SparseRows;
import io.lakeml.internal.model.LoadedModel;
import io.lakeml.internal.model.ScoringNetwork;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;

/**
 * Scoring latency per 1,000 rows (p50 and p99 of 101 timed calls), on the first 1,000 rows of the
 * test sample {@link ServingCheck#sample} collected.
 */
final class LatencyProbe {
  private static final int ROWS = 1_000;
  private static final int CALLS = 101;

  private LatencyProbe() {}

  static double[] p50p99(LoadedModel model, List<Vector> testSample) {
    List<Vector> sample = testSample.subList(0, Math.min(ROWS, testSample.size()));
    if (sample.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    SparseRows features = new SparseRows();
    sample.forEach(features::add);
    // The serving path itself, so the expected latency stored in the registry is what scoring pays.
    ScoringNetwork net = ScoringNetwork.forThread(model.confJson(), model.params());
    boolean binary = model.task().kind() == io.lakeml.dataset.LabelKind.BINARY;
    java.util.function.Consumer<SparseRows> serve = binary ? net::positiveProbabilities : net::outputs;
    serve.accept(features);
    double[] ms = new double[CALLS];
    for (int i = 0; i < CALLS; i++) {
      long start = System.nanoTime();
      serve.accept(features);
      ms[i] = (System.nanoTime() - start) / 1e6 * ROWS / sample.size();
    }
    Arrays.sort(ms);
    return new double[] {ms[CALLS / 2], ms[(int) Math.ceil(CALLS * 0.99) - 1]};
  }
}
