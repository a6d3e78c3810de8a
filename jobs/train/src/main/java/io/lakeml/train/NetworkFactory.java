package io.lakeml.train;

import io.lakeml.config.NetworkConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import io.lakeml.model.ModelTask;

/**
 * The DL4J network described by the config: dense hidden layers, then for classifiers a softmax
 * output over the classes with cross-entropy (two for a binary label, the positive one weighted
 * in the loss for imbalance), for regression one linear output with mean squared error on the
 * standardised label.
 */
final class NetworkFactory {
  private NetworkFactory() {}

  static MultiLayerConfiguration build(NetworkConfig n, int inputs, ModelTask task) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(n.seed())
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(updater(n))
        .l2(n.l2())
        .list();
    int in = inputs;
    for (int units : n.hidden()) {
      DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(units).activation(activation(n));
      if (n.dropout() > 0) {
        dense.dropOut(1 - n.dropout()); // DL4J takes the probability of keeping a unit
      }
      layers.layer(dense.build());
      in = units;
    }
    if (!task.classifier()) {
      layers.layer(new OutputLayer.Builder(new LossMSE()).nIn(in).nOut(1).activation(Activation.IDENTITY).build());
      return layers.build();
    }
    int classes = task.outputs();
    double[] weights = new double[classes];
    java.util.Arrays.fill(weights, 1.0);
    if (task.kind() == io.lakeml.dataset.LabelKind.BINARY) {
      weights[classes - 1] = n.positiveClassWeight();
    }
    layers.layer(new OutputLayer.Builder(new LossMCXENT(Nd4j.create(weights)))
        .nIn(in).nOut(classes).activation(Activation.SOFTMAX).build());
    return layers.build();
  }

  private static IUpdater updater(NetworkConfig n) {
    return switch (n.updater()) {
      case ADAM -> new Adam(n.learningRate());
      case SGD -> new Sgd(n.learningRate());
      case NESTEROVS -> new Nesterovs(n.learningRate(), 0.9);
      case RMSPROP -> new RmsProp(n.learningRate());
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
