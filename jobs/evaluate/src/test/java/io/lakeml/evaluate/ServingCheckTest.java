package io.lakeml.evaluate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.features.SparseRows;
import io.lakeml.internal.model.ScoringNetwork;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ServingCheckTest {
  private static final int WIDTH = 40;

  /** lakeml's default shape in small: two square hidden layers, a softmax output. */
  private static ScoringNetwork network() {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).list()
        .layer(new DenseLayer.Builder().nIn(WIDTH).nOut(32).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nIn(32).nOut(32).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(2).activation(Activation.SOFTMAX).build())
        .build());
    net.init();
    return ScoringNetwork.forThread(net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector());
  }

  private static SparseRows batch(int rows) {
    Random random = new Random(9);
    SparseRows batch = new SparseRows();
    for (int r = 0; r < rows; r++) {
      batch.add(Vectors.sparse(WIDTH, new int[] {random.nextInt(20), 20 + random.nextInt(19), 39},
          new double[] {1, 1, random.nextGaussian()}));
    }
    return batch;
  }

  @Test
  void theServingPathAgreesWithDl4jOnABatchOfTheDefaultSize() {
    assertThatCode(() -> ServingCheck.verify("flights", 3, network(), batch(4096), ServingCheck.TOLERANCE))
        .doesNotThrowAnyException();
  }

  @Test
  void aDisagreementIsAnInternalErrorNamingTheVersionAndTheRow() {
    assertThatThrownBy(() -> ServingCheck.verify("flights", 3, network(), batch(10), -1))
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("flights version 3", "row 0", "DL4J")
        .matches(e -> LakemlException.categoryOf(e) == ErrorCategory.INTERNAL);
  }
}
