package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.lakeml.errors.Errors;
import io.lakeml.internal.util.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads {@link LakemlConfig}: the reference {@code application.conf} (every key and its default),
 * then the user's file, then {@code --set key=value} overrides. Refuses unknown keys (naming the
 * nearest valid one), missing files and invalid values, all as USER errors.
 */
public final class ConfigLoader {
  public static final String REFERENCE_RESOURCE = "application.conf";
  /** Objects whose keys are free-form, validated by their own readers. */
  private static final List<String> FREE_FORM = List.of("lakeml.spark.conf", "lakeml.dataset", EvaluateConfig.GATE, MonitorConfig.FEATURES,
      SearchSpace.PATH, NetworkConfig.EMBEDDINGS);

  private final LakemlHome home;
  private Optional<Path> file = Optional.empty();
  private Optional<Path> datasetFile = Optional.empty();
  private Optional<String> recorded = Optional.empty();
  private final Map<String, String> overrides = new LinkedHashMap<>();

  private ConfigLoader(LakemlHome home) {
    this.home = home;
  }

  public static ConfigLoader create() {
    return new ConfigLoader(LakemlHome.fromEnvironment());
  }

  public static ConfigLoader create(LakemlHome home) {
    return new ConfigLoader(home);
  }

  /** The user's config file; without one, {@code conf/local.conf} under the home if it exists. */
  public ConfigLoader file(Path path) {
    this.file = Optional.ofNullable(path);
    return this;
  }

  /** A dataset file that replaces whatever dataset the config file declares. */
  public ConfigLoader datasetFile(Path path) {
    this.datasetFile = Optional.ofNullable(path);
    return this;
  }

  /**
   * A run's recorded resolved config (the JSON of {@link ResolvedConfig#json}) instead of a config
   * file: everything that determines a model (dataset, train, prep, evaluate...) comes from the
   * record; what belongs to the machine that ran it ({@link #MACHINE_PATHS}: lakehouse root, Spark,
   * DL4J threads, sample data) is left out, to be given by {@code --set}s or the defaults.
   */
  public ConfigLoader recorded(String json) {
    this.recorded = Optional.of(json);
    return this;
  }

  /** The parts of a config that belong to the machine that runs it, not to the run's result. */
  static final List<String> MACHINE_PATHS = List.of("lakeml.lakehouse", "lakeml.spark", "lakeml.dl4j",
      "lakeml.sample-data");

  public ConfigLoader set(String key, String value) {
    overrides.put(key, value);
    return this;
  }

  /** Adds overrides written as {@code key=value}. */
  public ConfigLoader setAll(List<String> assignments) {
    assignments(assignments).forEach(this::set);
    return this;
  }

  /** {@code key=value} strings as an ordered map; a USER error for one without a key. */
  public static Map<String, String> assignments(List<String> assignments) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw Errors.badSetArgument(a);
      }
      map.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
    }
    return map;
  }

  public LakemlConfig load() {
    Config reference = ConfigFactory.parseResources(REFERENCE_RESOURCE);
    List<String> sources = new ArrayList<>(List.of("classpath:" + REFERENCE_RESOURCE));
    Config user = recorded.isPresent() ? recordedLayer(recorded.get(), sources) : userFile(sources);
    if (datasetFile.isPresent()) {
      user = parse(datasetFile.get(), sources).withFallback(user.withoutPath("lakeml.dataset"));
    }
    Config sets = overridesConfig();
    refusePlainSecretsFirst(sets.withFallback(user), reference);
    checkKnownKeys(reference, user.withFallback(sets));
    Config merged;
    try {
      Config given = sets.withFallback(user);
      Config datasets = DatasetSettings.asGlobal(given);
      if (datasets.hasPath(DatasetSettings.NETWORK)) { // a free-form object until it is moved: check it like lakeml.train.network
        checkKnownKeys(reference, datasets.withOnlyPath(DatasetSettings.NETWORK));
      }
      merged = given.withFallback(datasets).withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw Errors.invalidConfig(e.getMessage());
    }
    refusePlainSecrets(merged.withOnlyPath("lakeml"));
    if (!overrides.isEmpty()) {
      sources.add("--set " + String.join(", ", overrides.keySet()));
    }
    return LakemlConfig.read(new ConfigReader(merged), home, resolved(merged, sources));
  }

  private Config userFile(List<String> sources) {
    Optional<Path> path = file.or(this::defaultFile);
    if (path.isEmpty()) {
      return ConfigFactory.empty();
    }
    return parse(path.get(), sources);
  }

  private static Config parse(Path file, List<String> sources) {
    Path p = file.toAbsolutePath();
    if (!Files.isRegularFile(p)) {
      throw Errors.missingConfigFile(p);
    }
    sources.add(p.toString());
    try {
      return ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw Errors.unreadableConfigFile(p, e.getMessage());
    }
  }

  private static Config recordedLayer(String json, List<String> sources) {
    Config parsed;
    try {
      parsed = ConfigFactory.parseString(json, ConfigParseOptions.defaults().setOriginDescription("the recorded config"));
    } catch (ConfigException e) {
      throw Errors.invalidConfig("the recorded config is not valid JSON: " + e.getMessage());
    }
    for (String machine : MACHINE_PATHS) {
      parsed = parsed.withoutPath(machine);
    }
    sources.add("the recorded config");
    return parsed;
  }

  private Optional<Path> defaultFile() {
    Path local = home.dir().resolve("conf/local.conf");
    return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
  }

  private Config overridesConfig() {
    Config result = ConfigFactory.empty();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      result = result.withValue(e.getKey(), overrideValue(e.getKey(), e.getValue()));
    }
    return result;
  }

  // Values are plain strings (Config converts "8" or "true" on typed reads); only lists and objects
  // are parsed, because HOCON would read "s3a://b/x" as "s3a:" followed by a comment.
  private static ConfigValue overrideValue(String key, String value) {
    if (value.startsWith("[") || value.startsWith("{")) {
      try {
        return ConfigFactory.parseString("v = " + value).getValue("v");
      } catch (ConfigException e) {
        throw Errors.invalidConfigValue(key, value, "must be a valid HOCON list or object");
      }
    }
    try {
      ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
    } catch (ConfigException e) {
      throw Errors.badSetArgument(key + "=" + value);
    }
    return ConfigValueFactory.fromAnyRef(value, "--set " + key);
  }

  private static void checkKnownKeys(Config reference, Config given) {
    Set<String> known = leafPaths(reference);
    known.addAll(FREE_FORM);
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      String key = e.getKey();
      if (!known.contains(key) && FREE_FORM.stream().noneMatch(f -> key.startsWith(f + "."))) {
        String origin = e.getValue().origin().description();
        throw Errors.unknownConfigKey(key, ConfigKeys.nearest(key, known), origin);
      }
    }
  }

  static Set<String> leafPaths(Config config) {
    Set<String> paths = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      paths.add(e.getKey());
    }
    // Empty objects (like spark.conf {}) have no leaves but are keys all the same.
    for (String f : FREE_FORM) {
      if (config.hasPathOrNull(f)) {
        paths.removeIf(p -> p.startsWith(f + "."));
        paths.add(f);
      }
    }
    return paths;
  }

  /**
   * Secrets never come from config files or {@code --set}: in a file they are read by whoever can
   * read the file, on a command line by anyone who lists processes, and both end up in shell
   * histories and logs. A secret-looking key with a value is refused (without echoing the value);
   * keys that say where a secret lives (an alias, a provider) are fine.
   */
  /**
   * A secret given under a key lakeml does not know (say {@code lakeml.monitor.webhook.secret}) is
   * refused as a secret before it is refused as an unknown key: the first thing its owner must learn
   * is where a secret belongs. A config that does not resolve yet is left to {@link #load()}.
   */
  private static void refusePlainSecretsFirst(Config given, Config reference) {
    Config resolved;
    try {
      resolved = given.withFallback(reference).resolve();
    } catch (ConfigException e) {
      return;
    }
    refusePlainSecrets(resolved.withOnlyPath("lakeml"));
  }

  private static void refusePlainSecrets(Config lakeml) {
    for (Map.Entry<String, ConfigValue> e : lakeml.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue().unwrapped();
      boolean names = key.endsWith("alias") || key.endsWith("provider") || key.endsWith("provider.path");
      if (Redaction.isSecretKey(key) && !names && value != null && !String.valueOf(value).isBlank()
          && !Redaction.MASK.equals(value)) {
        throw Errors.plainSecret(key, e.getValue().origin().description());
      }
    }
  }

  private static ResolvedConfig resolved(Config merged, List<String> sources) {
    Config lakeml = Redaction.redact(merged.withOnlyPath("lakeml"));
    String json = lakeml.root().render(ConfigRenderOptions.concise().setFormatted(false));
    return new ResolvedConfig(json, Hashing.sha256(json), List.copyOf(sources));
  }
}
