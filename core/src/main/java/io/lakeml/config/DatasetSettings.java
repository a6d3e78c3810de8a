package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.lakeml.errors.Errors;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings a dataset owns: its training window and network ({@code lakeml.dataset.train}) and how its
 * models are evaluated ({@code lakeml.dataset.evaluate}: slices, decision threshold, gate). They
 * live in the dataset's config file, so replacing the dataset (--dataset) replaces them too, and
 * act as the dataset's defaults for the same keys under {@code lakeml.train} and
 * {@code lakeml.evaluate}: anything set there (a config file, --set) wins.
 */
final class DatasetSettings {
  private static final String ROOT = "lakeml.dataset";
  /** Where the dataset's network ({@code lakeml.dataset.train.network}) goes. */
  static final String NETWORK = "lakeml.train.network";
  private static final Map<String, Set<String>> SECTIONS = Map.of(
      "train", Set.of("from", "to", "network"),
      "evaluate", Set.of("slice-column", "slice-top-n", "threshold", "gate"),
      "monitor", Set.of("features", "sla"));
  private static final Set<String> THRESHOLD = Set.of("rule", "value");
  private static final Set<String> SLA = Set.of("latency-p99-ms-per-1000", "min-rows-per-second", "deadline", "availability");

  private DatasetSettings() {}

  /** The dataset's settings moved to the global keys they default (the gate under its label kind). */
  static Config asGlobal(Config user) {
    Config result = ConfigFactory.empty();
    if (!user.hasPath(ROOT)) {
      return result;
    }
    for (Map.Entry<String, Set<String>> section : SECTIONS.entrySet()) {
      String path = ROOT + "." + section.getKey();
      if (!user.hasPath(path)) {
        continue;
      }
      ConfigObject object = user.getObject(path);
      check(object, section.getValue(), path);
      for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
        String target = "lakeml." + section.getKey() + "." + e.getKey();
        if (e.getKey().equals("threshold")) {
          check(user.getObject(path + ".threshold"), THRESHOLD, path + ".threshold");
        }
        if (e.getKey().equals("sla") && section.getKey().equals("monitor")) {
          check(user.getObject(path + ".sla"), SLA, path + ".sla");
        }
        if (e.getKey().equals("gate")) {
          if (!user.hasPath(ROOT + ".label.kind")) {
            continue; // the dataset parser names the missing kind
          }
          check(user.getObject(path + ".gate"), GateConfig.KEYS, path + ".gate");
          target = EvaluateConfig.GATE + "." + user.getString(ROOT + ".label.kind").toLowerCase(Locale.ROOT);
        }
        result = result.withValue(target, e.getValue());
      }
    }
    return result;
  }

  private static void check(ConfigObject object, Set<String> allowed, String path) {
    for (String key : object.keySet()) {
      if (!allowed.contains(key)) {
        String nearest = ConfigKeys.nearest(key, allowed);
        throw Errors.unknownConfigKey(path + "." + key, nearest == null ? null : path + "." + nearest,
            object.get(key).origin().description() + " (a dataset's " + path.substring(ROOT.length() + 1)
                + " section takes " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }
}
