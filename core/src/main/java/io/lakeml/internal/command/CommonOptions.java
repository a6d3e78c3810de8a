package io.lakeml.internal.command;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command takes: which config, and overrides of single keys. */
public final class CommonOptions {
  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "Config file (HOCON). Default: conf/local.conf under LAKEML_HOME if present.")
  Path conf;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set lakeml.spark.shuffle-partitions=16. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--dataset",
      paramLabel = "FILE",
      description = "A dataset config file (conf/datasets/<name>.conf) used instead of the configured one.")
  Path dataset;

  public LakemlConfig load() {
    return load(java.util.Map.of());
  }

  /** The config with {@code overrides} on top of the command line's own {@code --set}s. */
  public LakemlConfig load(java.util.Map<String, String> overrides) {
    ConfigLoader loader = ConfigLoader.create().file(conf).setAll(sets);
    overrides.forEach(loader::set);
    if (dataset != null) {
      loader.datasetFile(dataset);
    }
    return loader.load();
  }
}
