package io.lakeml.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.lakeml.errors.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The training config a search writes: the best trial's values as keys of
 * {@code lakeml.train.network}, which {@code lakeml train --tuned FILE} applies on top of the
 * configured ones (so the version's recorded config is the one it trained with).
 */
public final class TunedConfig {
  static final String NETWORK = "lakeml.train.network";

  private TunedConfig() {}

  /** A trial's values as HOCON under {@code lakeml.train.network}. */
  static String render(Map<String, Object> values) {
    Config c = ConfigFactory.empty();
    for (Map.Entry<String, Object> e : new TreeMap<>(values).entrySet()) {
      c = c.withValue(NETWORK + "." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return c.root().render(ConfigRenderOptions.concise().setJson(false).setFormatted(true));
  }

  /**
   * The whole network a trial trained, every key of {@code lakeml.train.network} of the search's
   * config with the trial's values: a train run with it gets that network whatever it sets itself.
   */
  static String renderNetwork(Config base, Map<String, Object> values) {
    Config network = base.getConfig(NETWORK);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      network = network.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    network = network.withValue("embeddings", ConfigValueFactory.fromAnyRef(everyEmbedding(base, network)));
    return network.atPath(NETWORK).root().render(ConfigRenderOptions.concise().setJson(false).setFormatted(true));
  }

  /**
   * The embedding size of every categorical feature, 0 for those left one-hot: a train run applies
   * a tuned config key by key on top of its own, so an embedding it does not name would survive.
   */
  private static Map<String, Object> everyEmbedding(Config base, Config network) {
    Map<String, Object> sizes = new TreeMap<>();
    String categorical = "lakeml.dataset.features.categorical";
    if (base.hasPath(categorical)) {
      base.getStringList(categorical).forEach(f -> sizes.put(f, 0));
    }
    network.getObject("embeddings").forEach((f, size) -> sizes.put(f, size.unwrapped()));
    return sizes;
  }

  /** Writes {@code header} (as comments) and the values to {@code path}, on any Hadoop file system. */
  static void write(Configuration hadoop, String path, String header, String rendered) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hadoop);
      try (FSDataOutputStream out = fs.create(p, true)) {
        out.write(("# " + header.replace("\n", "\n# ") + "\n" + rendered).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.storageFailed("write the tuned config", path, e);
    }
  }

  /** Copies a written config to a local file. */
  public static void copy(Configuration hadoop, String path, java.nio.file.Path local) {
    try {
      Path p = new Path(path);
      try (var in = p.getFileSystem(hadoop).open(p)) {
        java.nio.file.Files.write(local, in.readAllBytes());
      }
    } catch (IOException e) {
      throw Errors.storageFailed("copy the tuned config to", local.toString(), e);
    }
  }

  /** The {@code --set}-style overrides of a tuned config; a key outside lakeml.train.network is refused. */
  public static Map<String, String> overrides(Configuration hadoop, String path) {
    String text;
    try {
      Path p = new Path(path);
      try (var in = p.getFileSystem(hadoop).open(p)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (java.io.FileNotFoundException e) {
      throw Errors.invalidArgument("--tuned", path, "no such file; lakeml tune prints the path of the config it writes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Config c;
    try {
      c = ConfigFactory.parseString(text);
    } catch (ConfigException e) {
      throw Errors.invalidArgument("--tuned", path, "not a HOCON file: " + e.getMessage());
    }
    Map<String, String> overrides = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      if (!e.getKey().startsWith(NETWORK + ".")) {
        throw Errors.invalidArgument("--tuned", path, "sets " + e.getKey() + ": a tuned config sets keys of "
            + NETWORK + " only");
      }
      ConfigValue v = e.getValue();
      overrides.put(e.getKey(), v.valueType() == com.typesafe.config.ConfigValueType.LIST
          ? v.render(ConfigRenderOptions.concise()) : String.valueOf(v.unwrapped()));
    }
    return overrides;
  }
}
