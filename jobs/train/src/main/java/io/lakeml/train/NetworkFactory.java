package io.lakeml.train;

import io.lakeml.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import io.lakeml.model.ModelTask;

/**
 * The DL4J network described by the config: dense hidden layers, then for classifiers a softmax
 * output over the classes with cross-entropy (two for a binary label, the positive one weighted
 * in the loss for imbalance), for regression one linear output with mean squared error on the
 * standardised label. Regularisation: an L2 penalty, decoupled weight decay, dropout; optionally
 * batch normalisation after each hidden layer; the learning rate constant or decaying by epoch.
 */
final class NetworkFactory {
  private NetworkFactory() {}

  static MultiLayerConfiguration build(NetworkConfig n, int inputs, ModelTask task) {
    NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
        .seed(n.seed())
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(updater(n));
    if (n.weightDecay() == 0) {
      builder.l2(n.l2()); // the configuration every earlier version recorded
    }
    NeuralNetConfiguration.ListBuilder layers = builder.list();
    int in = inputs;
    for (int units : n.hidden()) {
      DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(units).activation(activation(n));
      regularise(dense, n);
      if (n.dropout() > 0) {
        dense.dropOut(1 - n.dropout()); // DL4J takes the probability of keeping a unit
      }
      layers.layer(dense.build());
      if (n.batchNorm()) {
        layers.layer(new BatchNormalization.Builder().nIn(units).nOut(units).build());
      }
      in = units;
    }
    if (!task.classifier()) {
      layers.layer(regularise(new OutputLayer.Builder(new LossMSE()), n).nIn(in).nOut(1).activation(Activation.IDENTITY).build());
      return layers.build();
    }
    int classes = task.outputs();
    double[] weights = new double[classes];
    java.util.Arrays.fill(weights, 1.0);
    if (task.kind() == io.lakeml.dataset.LabelKind.BINARY) {
      weights[classes - 1] = n.positiveClassWeight();
    }
    layers.layer(regularise(new OutputLayer.Builder(new LossMCXENT(Nd4j.create(weights))), n)
        .nIn(in).nOut(classes).activation(Activation.SOFTMAX).build());
    return layers.build();
  }

  /**
   * With weight decay, each layer gets its terms itself: the network-wide weightDecay() of DL4J
   * 1.0.0-M2.1 drops the L2 term and applies the decay twice (NetworkFactoryTest measures it).
   */
  private static <T extends org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<T>> T regularise(T layer, NetworkConfig n) {
    if (n.weightDecay() > 0) {
      List<Regularization> terms = new ArrayList<>();
      if (n.l2() > 0) {
        terms.add(new L2Regularization(n.l2()));
      }
      terms.add(new WeightDecay(n.weightDecay(), true)); // decoupled from the loss, scaled by the rate
      layer.regularization(terms);
    }
    return layer;
  }

  static IUpdater updater(NetworkConfig n) {
    if (n.learningRateDecay() == 1.0) { // a constant rate: the configuration every earlier version recorded
      return switch (n.updater()) {
        case ADAM -> new Adam(n.learningRate());
        case SGD -> new Sgd(n.learningRate());
        case NESTEROVS -> new Nesterovs(n.learningRate(), 0.9);
        case RMSPROP -> new RmsProp(n.learningRate());
      };
    }
    // By epoch, not iteration: each worker is told the epoch it trains (ParameterAveraging), so
    // the rate depends on neither the number of workers nor the rounds per epoch.
    ISchedule rate = new ExponentialSchedule(ScheduleType.EPOCH, n.learningRate(), n.learningRateDecay());
    return switch (n.updater()) {
      case ADAM -> new Adam(rate);
      case SGD -> new Sgd(rate);
      case NESTEROVS -> new Nesterovs(rate, 0.9);
      case RMSPROP -> new RmsProp(rate);
    };
  }

  private static Activation activation(NetworkConfig n) {
    return switch (n.activation()) {
      case RELU -> Activation.RELU;
      case TANH -> Activation.TANH;
      case LEAKYRELU -> Activation.LEAKYRELU;
      case SIGMOID -> Activation.SIGMOID;
      case ELU -> Activation.ELU;
    };
  }
}
