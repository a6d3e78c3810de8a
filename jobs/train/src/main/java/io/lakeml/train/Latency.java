package io.lakeml.train;

import io.lakeml.internal.model.Batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scoring latency of the trained network per 1,000 rows (median of 21 timed calls after warm-up),
 * recorded in the artefact and the registry. Only a sample of up to 1,000 validation rows reaches
 * the driver for it.
 */
final class Latency {
  private static final int ROWS = 1_000;
  private static final int CALLS = 21;

  private Latency() {}

  static double msPer1000Rows(MultiLayerConfiguration conf, float[] params, JavaRDD<List<Batch>> validation) {
    List<Batch> sample = new ArrayList<>();
    int rows = 0;
    for (Batch b : validation.first()) {
      if (rows >= ROWS) {
        break;
      }
      sample.add(b);
      rows += b.rows();
    }
    if (rows == 0) {
      return Double.NaN;
    }
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.setParams(Nd4j.create(params, new long[] {1, params.length}, DataType.FLOAT));
    INDArray features = Nd4j.vstack(sample.stream().map(Batch::features).toArray(INDArray[]::new));
    net.output(features, false); // warm-up
    double[] ms = new double[CALLS];
    for (int i = 0; i < CALLS; i++) {
      long start = System.nanoTime();
      net.output(features, false);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    java.util.Arrays.sort(ms);
    return ms[CALLS / 2] * ROWS / rows;
  }
}
