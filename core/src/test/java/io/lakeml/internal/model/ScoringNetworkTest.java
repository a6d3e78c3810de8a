package io.lakeml.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.internal.features.SparseRows;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The sparse first-layer path gives what DL4J's own dense forward pass gives. */
class ScoringNetworkTest {
  static final int WIDTH = 60;

  static MultiLayerNetwork network(Activation first) {
    return network(first, 24);
  }

  /** Hidden layers 32 and {@code second} wide: 32 makes the second layer square, like lakeml's default [64, 64]. */
  static MultiLayerNetwork network(Activation first, int second) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).list()
        .layer(new DenseLayer.Builder().nIn(WIDTH).nOut(32).activation(first).biasInit(0.1).build())
        // 32 x second: wide enough for the BLAS path; the output layer takes the JVM loop path
        .layer(new DenseLayer.Builder().nIn(32).nOut(second).activation(Activation.TANH).biasInit(0.05).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(second).nOut(2).activation(Activation.SOFTMAX).build())
        .build());
    net.init();
    return net;
  }

  static SparseRows rows(int n, long seed) {
    Random random = new Random(seed);
    SparseRows rows = new SparseRows();
    for (int r = 0; r < n; r++) {
      int a = random.nextInt(20);
      int b = 20 + random.nextInt(38);
      rows.add(r % 5 == 0
          ? Vectors.dense(denseRow(random))
          : Vectors.sparse(WIDTH, new int[] {a, b, 58, 59}, new double[] {1, 1, random.nextGaussian(), random.nextGaussian()}));
    }
    return rows;
  }

  static double[] denseRow(Random random) {
    double[] v = new double[WIDTH];
    v[random.nextInt(WIDTH)] = 1;
    v[59] = random.nextGaussian();
    return v;
  }

  @Test
  void sparseFirstLayerAgreesWithDenseForwardPass() {
    for (Activation a : new Activation[] {Activation.RELU, Activation.TANH, Activation.LEAKYRELU, Activation.SIGMOID}) {
      assertSparseAgreesWithDense(network(a), 500, a.toString());
    }
  }

  @Test
  void aSquareLayerOnABatchOfTheDefaultSizeAgreesWithDenseForwardPass() {
    // A square layer once multiplied in place (its input and output buffers were one), which went
    // unseen with the 32 x 24 layer above: every score of a 4,096-row batch came out the same.
    assertSparseAgreesWithDense(network(Activation.RELU, 32), 4096, "square");
  }

  private static void assertSparseAgreesWithDense(MultiLayerNetwork net, int rows, String label) {
    ScoringNetwork scoring = ScoringNetwork.forThread(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector());
    SparseRows batch = rows(rows, 11);

    double[] sparse = scoring.positiveProbabilities(batch);
    double[] dense = scoring.denseProbabilities(batch);

    assertThat(scoring.sparseFirstLayer()).isTrue();
    assertThat(scoring.jvmForward()).isTrue();
    assertThat(sparse).hasSize(rows);
    for (int i = 0; i < sparse.length; i++) {
      assertThat(sparse[i]).as("row %d with %s", i, label).isCloseTo(dense[i], within(1e-5));
    }
    assertThat(java.util.Arrays.stream(sparse).distinct().count()).as("distinct scores with %s", label).isGreaterThan(rows / 10);
  }

  @Test
  void networksTheJvmPassDoesNotCoverStillScoreThroughDl4j() {
    MultiLayerNetwork net = network(Activation.ELU);
    ScoringNetwork scoring = ScoringNetwork.forThread(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector());
    SparseRows batch = rows(100, 4);

    double[] sparse = scoring.positiveProbabilities(batch);
    double[] dense = scoring.denseProbabilities(batch);

    assertThat(scoring.jvmForward()).isFalse();
    for (int i = 0; i < sparse.length; i++) {
      assertThat(sparse[i]).isCloseTo(dense[i], within(1e-5));
    }
  }

  /** Batch normalisation after the hidden layers: the sparse first layer, then DL4J's own layers. */
  @Test
  void aNetworkWithBatchNormalisationScoresAsDl4jDoes() {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).list()
        .layer(new DenseLayer.Builder().nIn(WIDTH).nOut(32).activation(Activation.RELU).build())
        .layer(new BatchNormalization.Builder().nIn(32).nOut(32).build())
        .layer(new DenseLayer.Builder().nIn(32).nOut(24).activation(Activation.RELU).build())
        .layer(new BatchNormalization.Builder().nIn(24).nOut(24).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(24).nOut(2).activation(Activation.SOFTMAX).build())
        .build());
    net.init();
    // Running statistics other than the initial 0 and 1, as training leaves them.
    net.getLayer(1).getParam("mean").assign(0.3);
    net.getLayer(3).getParam("mean").assign(-0.2);
    ScoringNetwork scoring = ScoringNetwork.forThread(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector());
    SparseRows batch = rows(200, 8);

    double[] sparse = scoring.positiveProbabilities(batch);
    double[] dense = scoring.denseProbabilities(batch);

    assertThat(scoring.sparseFirstLayer()).isTrue();
    assertThat(scoring.jvmForward()).isFalse();
    for (int i = 0; i < sparse.length; i++) {
      assertThat(sparse[i]).as("row %d", i).isCloseTo(dense[i], within(1e-5));
    }
    assertThat(java.util.Arrays.stream(sparse).distinct().count()).isGreaterThan(20);
  }

  @Test
  void batchesAreReusedWithoutCarryingRowsOver() {
    MultiLayerNetwork net = network(Activation.RELU);
    ScoringNetwork scoring = ScoringNetwork.forThread(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector());
    SparseRows big = rows(300, 5);
    double[] first = scoring.positiveProbabilities(big);
    SparseRows reused = rows(300, 5);
    reused.clear();
    SparseRows small = rows(10, 5);

    for (int r = 0; r < 10; r++) {
      reused.add(Vectors.sparse(WIDTH, new int[0], new double[0]));
    }

    assertThat(scoring.positiveProbabilities(reused)).hasSize(10).containsOnly(scoring.positiveProbabilities(reused)[0]);
    // BLAS may block a 10-row product differently from a 300-row one: equal to float rounding, where
    // a row carried over from the bigger batch would be off by far more.
    double[] again = scoring.positiveProbabilities(small);
    assertThat(again).hasSize(10);
    for (int r = 0; r < 10; r++) {
      assertThat(again[r]).as("row %d", r).isCloseTo(first[r], within(1e-6));
    }
  }
}
