package io.lakeml.config;

import java.util.List;

/** The DL4J network of the train job, as configured. */
public record NetworkConfig(
    List<Integer> hidden,
    Activation activation,
    double dropout,
    double l2,
    double weightDecay,
    Updater updater,
    double learningRate,
    double learningRateDecay,
    int batchSize,
    int epochs,
    long seed,
    int patience,
    double positiveClassWeight,
    boolean batchNorm) {

  /** A network without batch normalisation. */
  public NetworkConfig(List<Integer> hidden, Activation activation, double dropout, double l2, double weightDecay,
      Updater updater, double learningRate, double learningRateDecay, int batchSize, int epochs, long seed, int patience,
      double positiveClassWeight) {
    this(hidden, activation, dropout, l2, weightDecay, updater, learningRate, learningRateDecay, batchSize, epochs, seed,
        patience, positiveClassWeight, false);
  }

  /** The same network trained with batches of this size. */
  public NetworkConfig withBatchSize(int size) {
    return new NetworkConfig(hidden, activation, dropout, l2, weightDecay, updater, learningRate, learningRateDecay, size,
        epochs, seed, patience, positiveClassWeight, batchNorm);
  }

  /** Hidden-layer activations lakeml offers. */
  public enum Activation { RELU, TANH, LEAKYRELU, SIGMOID, ELU }

  /** Updaters lakeml offers. */
  public enum Updater { ADAM, SGD, NESTEROVS, RMSPROP }

  static NetworkConfig read(ConfigReader r) {
    String p = "lakeml.train.network.";
    List<Integer> hidden = r.intList(p + "hidden");
    for (int units : hidden) {
      if (units < 1) {
        throw io.lakeml.errors.Errors.invalidConfigValue(p + "hidden", hidden, "every layer needs >= 1 unit");
      }
    }
    return new NetworkConfig(
        List.copyOf(hidden),
        r.oneOf(p + "activation", Activation.class),
        r.doubleIn(p + "dropout", 0, 0.95),
        r.doubleIn(p + "l2", 0, 1),
        r.doubleIn(p + "weight-decay", 0, 1),
        r.oneOf(p + "updater", Updater.class),
        r.doubleIn(p + "learning-rate", 1e-7, 10),
        r.doubleIn(p + "learning-rate-decay", 0.01, 1),
        r.intAtLeast(p + "batch-size", 1),
        r.intAtLeast(p + "epochs", 1),
        r.longAtLeast(p + "seed", Long.MIN_VALUE),
        r.intAtLeast(p + "patience", 0),
        r.doubleIn(p + "positive-class-weight", 0.01, 1000),
        r.bool(p + "batch-norm"));
  }
}
