package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.config.NetworkConfig;
import io.lakeml.internal.model.ModelTask;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learning-rate schedule and weight decay of the config, seen in what one real DL4J update
 * does to the parameters: with plain SGD an update is the rate times the gradient, so the rate an
 * epoch uses and the shrinkage weight decay adds can be read off the parameters.
 */
class NetworkFactoryTest {
  static final double RATE = 0.1;

  static NetworkConfig sgd(double weightDecay, double rateDecay) {
    return new NetworkConfig(List.of(4), NetworkConfig.Activation.TANH, 0, 0, weightDecay, NetworkConfig.Updater.SGD,
        RATE, rateDecay, 8, 3, 7, 0, 1);
  }

  /** The parameters' change by one fit of the same batch from the same start, in this epoch. */
  static INDArray step(NetworkConfig config, int epoch) {
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(config, 3, ModelTask.binary()));
    net.init();
    net.getLayerWiseConfigurations().setEpochCount(epoch);
    INDArray before = net.params().dup();
    net.fit(batch());
    return net.params().sub(before);
  }

  static DataSet batch() {
    Nd4j.getRandom().setSeed(11);
    INDArray features = Nd4j.rand(DataType.FLOAT, 8, 3);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 2);
    for (int i = 0; i < 8; i++) {
      labels.putScalar(i, i % 2, 1f);
    }
    return new DataSet(features, labels);
  }

  @Test
  void aDecayingRateScalesEachEpochsUpdateByTheDecayToThePowerOfTheEpoch() {
    INDArray first = step(sgd(0, 0.5), 0);
    INDArray third = step(sgd(0, 0.5), 2);

    assertThat(third.norm2Number().doubleValue() / first.norm2Number().doubleValue()).isCloseTo(0.25, within(1e-4));
    assertThat(step(sgd(0, 1.0), 2)).as("a constant rate: epoch 2 moves as far as epoch 0").isEqualTo(step(sgd(0, 1.0), 0));
  }

  @Test
  void weightDecayShrinksTheWeightsByTheRateTimesTheDecayOnTopOfTheGradientStep() {
    MultiLayerNetwork start = new MultiLayerNetwork(NetworkFactory.build(sgd(0, 1.0), 3, ModelTask.binary()));
    start.init();
    INDArray weights = start.getLayer(0).getParam("W").dup();

    INDArray plain = step(sgd(0, 1.0), 0);
    INDArray decayed = step(sgd(0.05, 1.0), 0);

    long count = weights.length();
    INDArray shrink = decayed.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, count))
        .sub(plain.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, count)));
    INDArray expected = weights.reshape('f', 1, count).mul(-RATE * 0.05);
    assertThat(shrink.sub(expected).amaxNumber().doubleValue()).as("first layer's weights").isLessThan(1e-6);
    assertThat(expected.amaxNumber().doubleValue()).as("the shrinkage is not negligible").isGreaterThan(1e-3);
  }

  @Test
  void theDefaultsBuildTheConstantRateNetworkEarlierVersionsRecorded() {
    NetworkConfig defaults = sgd(0, 1.0);
    String json = NetworkFactory.build(defaults, 3, ModelTask.binary()).toJson();

    assertThat(json).doesNotContain("Schedule").doesNotContain("WeightDecay");
    assertThat(NetworkFactory.build(sgd(0.01, 0.9), 3, ModelTask.binary()).toJson()).contains("ExponentialSchedule",
        "WeightDecay");
    NetworkConfig both = new NetworkConfig(List.of(4), NetworkConfig.Activation.TANH, 0, 0.001, 0.01,
        NetworkConfig.Updater.ADAM, RATE, 1, 8, 3, 7, 0, 1);
    assertThat(((BaseLayer) NetworkFactory.build(both, 3, ModelTask.binary()).getConf(0).getLayer()).getRegularization())
        .as("an L2 penalty and weight decay, each once").extracting(r -> r.getClass().getSimpleName())
        .containsExactly("L2Regularization", "WeightDecay");
  }

  /**
   * batch-norm puts a batch normalisation layer after each hidden layer; training moves its
   * running mean (what scoring normalises with) towards the batch's, the same way on every run.
   */
  @Test
  void batchNormNormalisesEachHiddenLayerAndLearnsItsRunningStatistics() {
    NetworkConfig plain = new NetworkConfig(List.of(6, 4), NetworkConfig.Activation.RELU, 0, 0, 0, NetworkConfig.Updater.ADAM,
        0.01, 1, 8, 3, 7, 0, 1);
    NetworkConfig normalised = new NetworkConfig(plain.hidden(), plain.activation(), 0, 0, 0, plain.updater(), 0.01, 1, 8, 3, 7, 0,
        1, true);
    var layers = NetworkFactory.build(normalised, 3, ModelTask.binary()).getConfs().stream()
        .map(c -> c.getLayer().getClass().getSimpleName()).toList();

    assertThat(NetworkFactory.build(plain, 3, ModelTask.binary()).getConfs()).hasSize(3);
    assertThat(layers).containsExactly("DenseLayer", "BatchNormalization", "DenseLayer", "BatchNormalization", "OutputLayer");
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(normalised, 3, ModelTask.binary()));
    net.init();
    INDArray mean = net.getLayer(1).getParam("mean").dup();
    for (int i = 0; i < 5; i++) {
      net.fit(batch());
    }
    assertThat(net.getLayer(1).getParam("mean")).as("the running mean after training").isNotEqualTo(mean);
    MultiLayerNetwork again = new MultiLayerNetwork(NetworkFactory.build(normalised, 3, ModelTask.binary()));
    again.init();
    for (int i = 0; i < 5; i++) {
      again.fit(batch());
    }
    assertThat(again.params()).as("the same seed, the same parameters").isEqualTo(net.params());
  }
}
