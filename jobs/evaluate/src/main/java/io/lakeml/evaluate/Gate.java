package io.lakeml.evaluate;

import io.lakeml.config.GateConfig;
import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.metrics.MetricCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate, expressed the way TFX and MLflow do: value thresholds on the candidate's metrics, and
 * change thresholds against the production version scored on the same rows (each metric's better
 * direction from {@link MetricCatalog}). With no production version only the value thresholds
 * apply. Margins against each baseline fitted on the same training part work as those against
 * production. Whatever is configured, a classifier that predicts a single class on the test split fails:
 * its threshold (or its probabilities) separate nothing. A metric that could not be measured (NaN)
 * fails its check.
 */
final class Gate {
  private Gate() {}

  static List<GateCheck> checks(GateConfig gate, LabelKind kind, Map<String, Double> candidate,
      Optional<Map<String, Double>> production, Map<String, Map<String, Double>> slices) {
    return checks(gate, kind, candidate, production, slices, List.of());
  }

  static List<GateCheck> checks(GateConfig gate, LabelKind kind, Map<String, Double> candidate,
      Optional<Map<String, Double>> production, Map<String, Map<String, Double>> slices, List<Baseline> baselines) {
    List<GateCheck> checks = new ArrayList<>();
    singleClass(kind, candidate).ifPresent(checks::add);
    gate.min().forEach((metric, bound) -> checks.add(atLeast(metric, value(candidate, metric), bound)));
    gate.max().forEach((metric, bound) -> checks.add(atMost(metric, value(candidate, metric), bound)));
    production.ifPresent(p -> {
      gate.maxWorsening().forEach((metric, bound) -> checks.add(atMost(metric + " worse than production",
          MetricCatalog.worsening(kind, metric, value(candidate, metric), value(p, metric)), bound)));
      gate.maxWorseningRelative().forEach((metric, bound) -> {
        double reference = value(p, metric);
        double worse = MetricCatalog.worsening(kind, metric, value(candidate, metric), reference) / Math.abs(reference);
        checks.add(atMost("relative " + metric + " worse than production", worse, bound));
      });
    });
    for (Baseline b : baselines) {
      gate.maxWorseThanBaseline().forEach((metric, bound) -> checks.add(atMost(metric + " worse than baseline "
          + b.name(), MetricCatalog.worsening(kind, metric, value(candidate, metric), value(b.metrics(), metric)), bound)));
    }
    gate.sliceMin().forEach((metric, bound) -> slices.forEach((slice, m) ->
        checks.add(atLeast(metric + " of " + slice, value(m, metric), bound))));
    return checks;
  }

  /** A binary model predicting one class at its threshold, a multiclass one predicting one class only. */
  private static Optional<GateCheck> singleClass(LabelKind kind, Map<String, Double> m) {
    if (kind == LabelKind.BINARY) {
      double rate = value(m, "predicted_positive_rate");
      boolean both = rate > 0 && rate < 1;
      return Optional.of(new GateCheck("predicts both classes at threshold " + format(value(m, "threshold")), rate,
          0, both, rate <= 0 ? "share predicted positive > 0; it predicts none" : rate >= 1
              ? "share predicted positive < 1; it predicts every row positive" : "share predicted positive in (0, 1)"));
    }
    if (kind == LabelKind.MULTICLASS) {
      double predicted = value(m, "predicted_classes");
      return Optional.of(new GateCheck("predicts more than one class", predicted, 2, predicted >= 2, ">="));
    }
    return Optional.empty();
  }

  private static GateCheck atLeast(String name, double value, double bound) {
    return new GateCheck(name, value, bound, value >= bound, ">=");
  }

  private static GateCheck atMost(String name, double value, double bound) {
    return new GateCheck(name, value, bound, value <= bound, "<=");
  }

  private static double value(Map<String, Double> metrics, String metric) {
    Double v = metrics.get(metric);
    return v == null ? Double.NaN : v;
  }

  private static String format(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
