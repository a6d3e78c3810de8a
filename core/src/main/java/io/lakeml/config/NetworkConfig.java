package io.lakeml.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    boolean batchNorm,
    Map<String, Integer> embeddings) {

  /** Where the embedding sizes are configured. */
  public static final String EMBEDDINGS = "lakeml.train.network.embeddings";

  public NetworkConfig {
    embeddings = java.util.Collections.unmodifiableMap(new TreeMap<>(embeddings)); // one order on every JVM
  }

  /** A network without embeddings. */
  public NetworkConfig(List<Integer> hidden, Activation activation, double dropout, double l2, double weightDecay,
      Updater updater, double learningRate, double learningRateDecay, int batchSize, int epochs, long seed, int patience,
      double positiveClassWeight, boolean batchNorm) {
    this(hidden, activation, dropout, l2, weightDecay, updater, learningRate, learningRateDecay, batchSize, epochs, seed,
        patience, positiveClassWeight, batchNorm, Map.of());
  }

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
        epochs, seed, patience, positiveClassWeight, batchNorm, embeddings);
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
        r.bool(p + "batch-norm"),
        embeddings(r));
  }

  /**
   * Categorical feature -> embedding size; a size of 0 leaves the feature one-hot (so a config
   * file or --set can switch off an embedding a dataset declares). Which features may have one is
   * checked against the dataset ({@link #checkEmbeddings}).
   */
  private static Map<String, Integer> embeddings(ConfigReader r) {
    if (!r.has(EMBEDDINGS)) {
      return Map.of();
    }
    r.freeForm(EMBEDDINGS);
    Map<String, Integer> sizes = new TreeMap<>();
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : r.config().getObject(EMBEDDINGS).entrySet()) {
      String feature = e.getKey(); // an object's keys are the names themselves, unquoted
      Object size = e.getValue().unwrapped();
      Integer units = size instanceof Integer i ? Integer.valueOf(i)
          : size instanceof String text && text.trim().matches("\\d{1,9}") ? Integer.valueOf(text.trim()) : null; // --set gives text
      if (units == null || units < 0) {
        throw io.lakeml.errors.Errors.invalidConfigValue(EMBEDDINGS + "." + com.typesafe.config.ConfigUtil.joinPath(e.getKey()), size,
            "must be the embedding size: a whole number of units >= 1 (0 keeps the feature one-hot)");
      }
      if (units > 0) {
        sizes.put(feature, units);
      }
    }
    return sizes;
  }

  /**
   * Embeddings are for categorical features: a USER error names {@code key}'s entry that is a
   * numeric feature or no feature at all.
   */
  public static void checkEmbeddings(Map<String, Integer> embeddings, io.lakeml.dataset.FeatureSet features, String key) {
    for (String f : embeddings.keySet()) {
      if (features.categorical().contains(f)) {
        continue;
      }
      throw io.lakeml.errors.Errors.invalidConfigValue(key + "." + com.typesafe.config.ConfigUtil.joinPath(f), embeddings.get(f),
          (features.numeric().contains(f) ? "names a numeric feature: embeddings are for categorical features"
              : "names no feature of the dataset") + " (categorical features: " + features.categorical()
              + "); encode a numeric feature with lakeml.dataset.features.encodings instead");
    }
  }
}
