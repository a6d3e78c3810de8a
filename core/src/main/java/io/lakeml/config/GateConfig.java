package io.lakeml.config;

import io.lakeml.dataset.LabelKind;
import io.lakeml.errors.Errors;
import io.lakeml.internal.metrics.MetricCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation gate of one label kind, metric = bound in each map.
 *
 * @param min smallest value each metric may take on the test split
 * @param max largest value
 * @param maxWorsening largest change for the worse against production on the same rows (absolute)
 * @param maxWorseningRelative the same, relative to production's value (0.01 = 1%)
 * @param sliceMin smallest value in every reported slice
 * @param maxWorseThanBaseline largest change for the worse against each baseline fitted by
 *     evaluate on the same training part, scored on the same rows (absolute)
 */
public record GateConfig(
    Map<String, Double> min,
    Map<String, Double> max,
    Map<String, Double> maxWorsening,
    Map<String, Double> maxWorseningRelative,
    Map<String, Double> sliceMin,
    Map<String, Double> maxWorseThanBaseline) {

  static final Set<String> KEYS = Set.of("min", "max", "max-worsening", "max-worsening-relative", "slice-min",
      "max-worse-than-baseline");

  static GateConfig read(ConfigReader r, String path, LabelKind kind) {
    com.typesafe.config.Config gate = r.config().getConfig(path);
    for (String key : gate.root().keySet()) {
      if (!KEYS.contains(key)) {
        throw Errors.unknownConfigKey(path + "." + key, nearest(path, key, KEYS), gate.root().get(key).origin().description());
      }
    }
    return new GateConfig(bounds(r, path + ".min", kind, false), bounds(r, path + ".max", kind, false),
        bounds(r, path + ".max-worsening", kind, true), bounds(r, path + ".max-worsening-relative", kind, true),
        bounds(r, path + ".slice-min", kind, false), bounds(r, path + ".max-worse-than-baseline", kind, true));
  }

  private static Map<String, Double> bounds(ConfigReader r, String path, LabelKind kind, boolean directed) {
    if (!r.config().hasPath(path)) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    com.typesafe.config.Config bounds = r.config().getConfig(path);
    for (String metric : new java.util.TreeSet<>(bounds.root().keySet())) {
      String key = path + "." + metric;
      var direction = MetricCatalog.direction(kind, metric);
      if (direction.isEmpty()) {
        throw Errors.unknownConfigKey(key, nearest(path, metric, MetricCatalog.names(kind)),
            bounds.root().get(metric).origin().description() + "; the metrics of " + kind.name().toLowerCase()
                + " models are " + String.join(", ", MetricCatalog.names(kind)));
      }
      if (directed && direction.get() == MetricCatalog.Direction.NEITHER) {
        throw Errors.invalidConfigValue(key, bounds.getValue(metric).unwrapped(),
            metric + " is descriptive (neither higher nor lower is better), so it has no worsening");
      }
      try {
        out.put(metric, bounds.getDouble(metric));
      } catch (com.typesafe.config.ConfigException e) {
        throw Errors.invalidConfigValue(key, bounds.getValue(metric).unwrapped(), "must be a number");
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static String nearest(String path, String key, java.util.Collection<String> candidates) {
    String n = ConfigKeys.nearest(key, candidates);
    return n == null ? null : path + "." + n;
  }
}
