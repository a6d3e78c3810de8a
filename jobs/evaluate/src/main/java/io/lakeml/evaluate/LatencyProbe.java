package io.lakeml.evaluate;

import io.lakeml.features.FeaturePipeline;
import io.lakeml.model.LoadedModel;
import io.lakeml.model.Networks;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Scoring latency per 1,000 rows (p50 and p99 of 101 timed calls), from a 1,000-row sample. */
final class LatencyProbe {
  private static final int ROWS = 1_000;
  private static final int CALLS = 101;

  private LatencyProbe() {}

  static double[] p50p99(LoadedModel model, Dataset<Row> test) {
    List<Row> sample = model.pipeline().transform(test.limit(ROWS)).select(FeaturePipeline.FEATURES).collectAsList();
    if (sample.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int width = ((Vector) sample.get(0).get(0)).size();
    float[] dense = new float[sample.size() * width];
    for (int r = 0; r < sample.size(); r++) {
      double[] v = ((Vector) sample.get(r).get(0)).toArray();
      for (int i = 0; i < width; i++) {
        dense[r * width + i] = (float) v[i];
      }
    }
    var features = Nd4j.create(dense, new long[] {sample.size(), width}, DataType.FLOAT);
    MultiLayerNetwork net = Networks.withParams(model.confJson(), model.params());
    net.output(features, false);
    double[] ms = new double[CALLS];
    for (int i = 0; i < CALLS; i++) {
      long start = System.nanoTime();
      net.output(features, false);
      ms[i] = (System.nanoTime() - start) / 1e6 * ROWS / sample.size();
    }
    Arrays.sort(ms);
    return new double[] {ms[CALLS / 2], ms[(int) Math.ceil(CALLS * 0.99) - 1]};
  }
}
