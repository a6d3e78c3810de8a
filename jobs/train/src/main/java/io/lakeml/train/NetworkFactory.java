package io.lakeml.train;

import io.lakeml.config.NetworkConfig;
import io.lakeml.internal.features.InputLayout;
import io.lakeml.internal.model.EmbeddingBlocks;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
import io.lakeml.internal.model.ModelTask;

/**
 * The DL4J network described by the config: dense hidden layers, then for classifiers a softmax
 * output over the classes with cross-entropy (two for a binary label, the positive one weighted
 * in the loss for imbalance), for regression one linear output with mean squared error on the
 * standardised label. Regularisation: an L2 penalty, decoupled weight decay, dropout; optionally
 * batch normalisation after each hidden layer; the learning rate constant or decaying by epoch.
 * Categorical features may go through entity embeddings first.
 */
final class NetworkFactory {
  private NetworkFactory() {}

  /** The network on {@code inputs} inputs that carry no categorical feature (nothing to embed). */
  static MultiLayerConfiguration build(NetworkConfig n, int inputs, ModelTask task) {
    return build(n, InputLayout.plain(inputs), task);
  }

  /**
   * The network on inputs laid out as {@code layout}: with embeddings configured, the first layer
   * is the embedding layer ({@link #embeddingLayer}) and the hidden layers take its outputs.
   */
  static MultiLayerConfiguration build(NetworkConfig n, InputLayout layout, ModelTask task) {
    NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
        .seed(n.seed())
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(updater(n));
    if (n.weightDecay() == 0) {
      builder.l2(n.l2()); // the configuration every earlier version recorded
    }
    NeuralNetConfiguration.ListBuilder layers = builder.list();
    int in = layout.width();
    if (!n.embeddings().isEmpty()) {
      DenseLayer embedding = embeddingLayer(n, layout);
      layers.layer(embedding);
      in = (int) embedding.getNOut();
    }
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
   * Entity embeddings: a dense layer without bias and with identity activation that maps each
   * embedded feature's one-hot block to its embedding and passes every other input through,
   * its weights held to those blocks by {@link EmbeddingBlocks}. On a one-hot block that is what
   * DL4J's EmbeddingLayer computes (a row of the table per category); one layer over the whole
   * input keeps the network a single-input MultiLayerNetwork, so parameter averaging,
   * checkpoints, the tuner and scoring's sparse first layer (which then sums one embedding row
   * per feature) all take it as they are.
   */
  static DenseLayer embeddingLayer(NetworkConfig n, InputLayout layout) {
    List<Integer> inputs = new ArrayList<>(List.of(0));
    List<Integer> outputs = new ArrayList<>(List.of(0));
    List<Boolean> passThrough = new ArrayList<>();
    java.util.Set<String> embedded = new java.util.HashSet<>();
    if (layout.numeric() > 0) {
      segment(inputs, outputs, passThrough, layout.numeric(), layout.numeric(), true);
    }
    for (InputLayout.Block b : layout.categories()) {
      Integer size = n.embeddings().get(b.feature());
      if (size != null) {
        embedded.add(b.feature());
      }
      segment(inputs, outputs, passThrough, b.size(), size == null ? b.size() : size, size == null);
    }
    if (!embedded.equals(n.embeddings().keySet())) { // LakemlConfig checks embeddings against the dataset
      throw new IllegalStateException("Embeddings " + n.embeddings().keySet() + " for an input layout of categorical "
          + "features " + layout.categories().stream().map(InputLayout.Block::feature).toList());
    }
    boolean[] pass = new boolean[passThrough.size()];
    for (int k = 0; k < pass.length; k++) {
      pass[k] = passThrough.get(k);
    }
    DenseLayer.Builder layer = new DenseLayer.Builder().nIn(layout.width()).nOut(outputs.get(outputs.size() - 1))
        .activation(Activation.IDENTITY).hasBias(false)
        .constrainWeights(new EmbeddingBlocks(ints(inputs), ints(outputs), pass));
    return regularise(layer, n).build();
  }

  private static void segment(List<Integer> inputs, List<Integer> outputs, List<Boolean> passThrough, int in, int out,
      boolean pass) {
    inputs.add(inputs.get(inputs.size() - 1) + in);
    outputs.add(outputs.get(outputs.size() - 1) + out);
    passThrough.add(pass);
  }

  private static int[] ints(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * A network of {@code conf} with its first parameters, held to their constraints (DL4J applies
   * constraints after each update only, so an embedding layer's first weights are projected here).
   */
  static MultiLayerNetwork initialised(MultiLayerConfiguration conf) {
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.applyConstraints(0, 0);
    return net;
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
