package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.config.NetworkConfig;
import io.lakeml.internal.features.InputLayout;
import io.lakeml.internal.features.SparseRows;
import io.lakeml.internal.model.ModelTask;
import io.lakeml.internal.model.ScoringNetwork;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Entity embeddings: the embedding layer maps an embedded feature's one-hot block to its units
 * and passes every other input through, and keeps doing so while it trains; the compiled
 * scoring path (one embedding row per feature) agrees with DL4J's own forward pass.
 */
class EmbeddingLayerTest {
  /** Two numeric inputs, then colour (4 slots) and shape (3 slots). */
  static final InputLayout LAYOUT = new InputLayout(2,
      List.of(new InputLayout.Block("colour", 2, 4), new InputLayout.Block("shape", 6, 3)));

  static NetworkConfig network(Map<String, Integer> embeddings) {
    return new NetworkConfig(List.of(5), NetworkConfig.Activation.RELU, 0, 0.001, 0, NetworkConfig.Updater.ADAM, 0.05, 1,
        16, 3, 7, 0, 1, false, embeddings);
  }

  /** Rows of two numerics and one category of each feature; the label depends on the colour. */
  static DataSet batch(int rows, long seed) {
    Random random = new Random(seed);
    float[] x = new float[rows * 9];
    float[] y = new float[rows * 2];
    for (int r = 0; r < rows; r++) {
      int colour = random.nextInt(4);
      x[r * 9] = (float) random.nextGaussian();
      x[r * 9 + 1] = (float) random.nextGaussian();
      x[r * 9 + 2 + colour] = 1;
      x[r * 9 + 6 + random.nextInt(3)] = 1;
      y[r * 2 + (colour >= 2 ? 1 : 0)] = 1;
    }
    return new DataSet(Nd4j.create(x, new long[] {rows, 9}, DataType.FLOAT), Nd4j.create(y, new long[] {rows, 2}, DataType.FLOAT));
  }

  static MultiLayerNetwork trained(MultiLayerConfiguration conf) {
    MultiLayerNetwork net = NetworkFactory.initialised(conf);
    for (int i = 0; i < 30; i++) {
      net.fit(batch(16, i));
    }
    return net;
  }

  @Test
  void anEmbeddedFeatureGetsItsUnitsAndEveryOtherInputPassesThrough() {
    MultiLayerConfiguration conf = NetworkFactory.build(network(Map.of("colour", 2)), LAYOUT, ModelTask.binary());
    DenseLayer embedding = (DenseLayer) conf.getConf(0).getLayer();

    assertThat(embedding.getNIn()).isEqualTo(9);
    assertThat(embedding.getNOut()).as("2 numerics + 2 colour units + 3 shape slots").isEqualTo(7);
    assertThat(embedding.hasBias()).isFalse();
    assertThat(((DenseLayer) conf.getConf(1).getLayer()).getNIn()).isEqualTo(7);
    assertThat(NetworkFactory.build(network(Map.of()), LAYOUT, ModelTask.binary()).getConfs())
        .as("no embeddings: the network as before, hidden and output").hasSize(2);
  }

  @Test
  void theWeightsStayInTheirBlocksFromTheFirstParametersThroughTraining() {
    MultiLayerConfiguration conf = NetworkFactory.build(network(Map.of("colour", 2)), LAYOUT, ModelTask.binary());
    INDArray first = NetworkFactory.initialised(conf).getLayer(0).getParam("W").dup();
    MultiLayerNetwork net = trained(conf);
    INDArray w = net.getLayer(0).getParam("W");

    for (INDArray weights : List.of(first, w)) {
      for (int i = 0; i < 9; i++) {
        for (int j = 0; j < 7; j++) {
          double expected;
          if (i < 2) {
            expected = i == j ? 1 : 0; // numerics pass through
          } else if (i < 6) {
            expected = j == 2 || j == 3 ? Double.NaN : 0; // the colour table: learned
          } else {
            expected = j == i - 2 ? 1 : 0; // shape passes through to outputs 4..6
          }
          if (Double.isNaN(expected)) {
            assertThat(weights.getDouble(i, j)).as("colour weight %d,%d", i, j).isNotZero();
          } else {
            assertThat(weights.getDouble(i, j)).as("weight %d,%d", i, j).isCloseTo(expected, within(0.0));
          }
        }
      }
    }
    assertThat(w.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)))
        .as("the embedding table learned").isNotEqualTo(first.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)));
    assertThat(trained(NetworkFactory.build(network(Map.of("colour", 2)), LAYOUT, ModelTask.binary())).params())
        .as("the same seed, the same parameters").isEqualTo(net.params());
  }

  @Test
  void theConfigurationReadsBackFromJsonWithItsBlocks() {
    MultiLayerConfiguration conf = NetworkFactory.build(network(Map.of("colour", 2, "shape", 1)), LAYOUT, ModelTask.binary());
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());

    assertThat(back).isEqualTo(conf);
    assertThat(back.getConf(0).getLayer().getConstraints()).isEqualTo(conf.getConf(0).getLayer().getConstraints());
  }

  @Test
  void theCompiledScoringPathSumsOneEmbeddingRowPerFeatureAsDl4jDoes() {
    MultiLayerNetwork net = trained(NetworkFactory.build(network(Map.of("colour", 2, "shape", 2)), LAYOUT, ModelTask.binary()));
    ScoringNetwork scoring = ScoringNetwork.forThread(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector());
    SparseRows rows = new SparseRows();
    Random random = new Random(3);
    for (int r = 0; r < 50; r++) {
      rows.put(0, (float) random.nextGaussian());
      rows.put(1, (float) random.nextGaussian());
      rows.put(2 + random.nextInt(4), 1f);
      rows.put(6 + random.nextInt(3), 1f);
      rows.endRow();
    }

    assertThat(scoring.sparseFirstLayer()).isTrue();
    assertThat(scoring.jvmForward()).as("the layers after the embeddings run as JVM loops").isTrue();
    double[] compiled = scoring.outputs(rows);
    double[] dl4j = scoring.denseOutputs(rows);
    assertThat(compiled).hasSize(100);
    for (int i = 0; i < compiled.length; i++) {
      assertThat(compiled[i]).as("output %d", i).isCloseTo(dl4j[i], within(1e-5));
    }
  }
}
