package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.lakeml.errors.Errors;
import io.lakeml.errors.LakemlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hyperparameters {@code lakeml tune} searches: each a key of {@code lakeml.train.network}
 * with a list of choices or a range ({@code {min, max, scale = linear|log}}). A trial's values are
 * drawn in key order from one seeded generator (a SplittableRandom: java.util.Random's
 * first draws from nearby seeds are correlated), so trial {@code i} of a seed is always the same.
 */
public record SearchSpace(Map<String, Dimension> dimensions) {
  static final String PATH = "lakeml.tune.space";
  private static final String NETWORK = "lakeml.train.network.";
  /** Keys that only take a list of choices (a range of them means nothing). */
  private static final Set<String> CHOICE_ONLY = Set.of("hidden", "activation", "updater", "batch-norm",
      "embeddings");
  private static final Set<String> INTEGER = Set.of("batch-size", "epochs", "patience");
  private static final Set<String> NUMERIC = Set.of("dropout", "l2", "weight-decay", "learning-rate",
      "learning-rate-decay", "positive-class-weight", "batch-size", "epochs", "patience");

  /** One searched key: its choices, or a range. */
  public sealed interface Dimension permits Choices, Range {
    Object draw(SplittableRandom random);
  }

  /** Draws one of {@code values} uniformly. */
  public record Choices(List<Object> values) implements Dimension {
    public Object draw(SplittableRandom random) {
      return values.get(random.nextInt(values.size()));
    }
  }

  /** Draws uniformly in [min, max], or uniformly in log space; rounded for integer keys. */
  public record Range(double min, double max, boolean log, boolean integer) implements Dimension {
    public Object draw(SplittableRandom random) {
      double u = random.nextDouble();
      double v = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
      return integer ? (Object) (int) Math.round(v) : (Object) v;
    }
  }

  /** The values of trials 0 .. count-1 of a seeded search, each keyed by its network key. */
  public List<Map<String, Object>> draw(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, Object>> trials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> values = new LinkedHashMap<>();
      dimensions.forEach((key, d) -> values.put(key, d.draw(random)));
      trials.add(values);
    }
    return trials;
  }

  /**
   * The network a trial trains: the configured one with the trial's values. {@code base} is the
   * run's merged config, so every value goes through the same checks as a configured one.
   */
  public static NetworkConfig network(Config base, Map<String, Object> values) {
    Config c = base;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      c = c.withValue(NETWORK + e.getKey(), com.typesafe.config.ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return NetworkConfig.read(new ConfigReader(c));
  }

  /** The embedding sizes of one choice of the {@code embeddings} dimension (an object of sizes). */
  @SuppressWarnings("unchecked")
  static Map<String, Integer> embeddings(Object choice) {
    Map<String, Integer> sizes = new TreeMap<>();
    ((Map<String, Object>) choice).forEach((f, size) -> {
      if (size instanceof Integer units && units > 0) {
        sizes.put(f, units);
      }
    });
    return sizes;
  }

  static SearchSpace read(ConfigReader r) {
    r.freeForm(PATH);
    ConfigObject space = r.config().getConfig(PATH).root();
    Map<String, Dimension> dimensions = new TreeMap<>();
    Set<String> known = new java.util.TreeSet<>(CHOICE_ONLY);
    known.addAll(NUMERIC);
    for (Map.Entry<String, ConfigValue> e : space.entrySet()) {
      String key = PATH + "." + e.getKey();
      if (!known.contains(e.getKey())) {
        throw Errors.unknownConfigKey(key, ConfigKeys.nearest(e.getKey(), known) == null ? null
            : PATH + "." + ConfigKeys.nearest(e.getKey(), known), e.getValue().origin().description());
      }
      Dimension d = dimension(e.getKey(), key, e.getValue());
      check(r.config(), e.getKey(), key, d);
      dimensions.put(e.getKey(), d);
    }
    if (dimensions.isEmpty()) {
      throw Errors.invalidConfigValue(PATH, "{}", "must name at least one key of lakeml.train.network to search");
    }
    return new SearchSpace(java.util.Collections.unmodifiableMap(dimensions)); // key order: Map.copyOf's varies per JVM
  }

  private static Dimension dimension(String name, String key, ConfigValue value) {
    if (value.valueType() == ConfigValueType.LIST) {
      List<Object> values = new ArrayList<>(((com.typesafe.config.ConfigList) value).unwrapped());
      if (values.isEmpty()) {
        throw Errors.invalidConfigValue(key, "[]", "must list at least one choice");
      }
      return new Choices(List.copyOf(values));
    }
    if (value.valueType() != ConfigValueType.OBJECT || CHOICE_ONLY.contains(name)) {
      throw Errors.invalidConfigValue(key, value.unwrapped(), CHOICE_ONLY.contains(name)
          ? "must be a list of choices, e.g. " + (name.equals("hidden") ? "[[64], [128, 64]]"
              : name.equals("embeddings") ? "[{}, {origin = 8}, {origin = 16}]" : "[a, b]")
          : "must be a list of choices or a range {min = A, max = B, scale = linear|log}");
    }
    Config range = ((ConfigObject) value).toConfig();
    for (String k : range.root().keySet()) {
      if (!Set.of("min", "max", "scale").contains(k)) {
        throw Errors.unknownConfigKey(key + "." + k, null, value.origin().description());
      }
    }
    double min = number(range, key, "min");
    double max = number(range, key, "max");
    String scale = range.hasPath("scale") ? range.getString("scale") : "linear";
    if (!Set.of("linear", "log").contains(scale)) {
      throw Errors.invalidConfigValue(key + ".scale", scale, "must be linear or log");
    }
    if (min > max) {
      throw Errors.invalidConfigValue(key, value.unwrapped(), "its range is inverted: min " + min + " > max " + max);
    }
    if (scale.equals("log") && min <= 0) {
      throw Errors.invalidConfigValue(key + ".min", min, "a log-scale range must start above 0");
    }
    return new Range(min, max, scale.equals("log"), INTEGER.contains(name));
  }

  private static double number(Config range, String key, String bound) {
    if (!range.hasPath(bound)) {
      throw Errors.missingConfigKey(key + "." + bound);
    }
    try {
      return range.getDouble(bound);
    } catch (com.typesafe.config.ConfigException e) {
      throw Errors.invalidConfigValue(key + "." + bound, range.getValue(bound).unwrapped(), "must be a number");
    }
  }

  /** Every choice and both ends of a range must be a value the network accepts. */
  private static void check(Config base, String name, String key, Dimension d) {
    List<Object> values = d instanceof Choices c ? c.values()
        : List.of(((Range) d).integer() ? (Object) (int) ((Range) d).min() : ((Range) d).min(),
            ((Range) d).integer() ? (Object) (int) ((Range) d).max() : ((Range) d).max());
    for (Object v : values) {
      try {
        network(base, Map.of(name, v));
      } catch (LakemlException e) {
        String rule = e.getMessage().replaceFirst("(?s)^[^:]*: ", "").replaceFirst("(?s)\\. Fix it.*$", "");
        throw Errors.invalidConfigValue(key, v, "each choice must be a valid lakeml.train.network." + name + ", which "
            + rule);
      } catch (com.typesafe.config.ConfigException e) {
        throw Errors.invalidConfigValue(key, v, "not a valid lakeml.train.network." + name);
      }
    }
  }
}
