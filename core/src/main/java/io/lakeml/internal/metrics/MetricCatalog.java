package io.lakeml.internal.metrics;

import io.lakeml.dataset.LabelKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics lakeml computes for each kind of label, and which way each is better. Evaluation
 * computes exactly these; gate thresholds and comparisons against production may name only these.
 */
public final class MetricCatalog {
  /** Which way a metric is better; {@link #NEITHER} for descriptive figures (rates, counts). */
  public enum Direction {
    HIGHER,
    LOWER,
    NEITHER
  }

  private static final Map<LabelKind, Map<String, Direction>> METRICS = Map.of(
      LabelKind.BINARY, ordered(
          "auc", Direction.HIGHER, "pr_auc", Direction.HIGHER, "log_loss", Direction.LOWER,
          "log_loss_skill", Direction.HIGHER, "brier", Direction.LOWER, "accuracy", Direction.HIGHER,
          "precision", Direction.HIGHER, "recall", Direction.HIGHER, "f1", Direction.HIGHER, "ece", Direction.LOWER,
          "threshold", Direction.NEITHER, "predicted_positive_rate", Direction.NEITHER,
          "positive_rate", Direction.NEITHER, "rows", Direction.NEITHER),
      LabelKind.MULTICLASS, ordered(
          "accuracy", Direction.HIGHER, "log_loss", Direction.LOWER, "log_loss_skill", Direction.HIGHER,
          "macro_auc", Direction.HIGHER, "weighted_auc", Direction.HIGHER,
          "macro_precision", Direction.HIGHER, "macro_recall", Direction.HIGHER, "macro_f1", Direction.HIGHER,
          "weighted_precision", Direction.HIGHER, "weighted_recall", Direction.HIGHER,
          "weighted_f1", Direction.HIGHER, "classes", Direction.NEITHER, "predicted_classes", Direction.NEITHER,
          "rows", Direction.NEITHER),
      LabelKind.REGRESSION, ordered(
          "rmse", Direction.LOWER, "mae", Direction.LOWER, "mse", Direction.LOWER, "r2", Direction.HIGHER,
          "residual_p05", Direction.NEITHER, "residual_p25", Direction.NEITHER, "residual_p50", Direction.NEITHER,
          "residual_p75", Direction.NEITHER, "residual_p95", Direction.NEITHER, "label_mean", Direction.NEITHER,
          "prediction_mean", Direction.NEITHER, "rows", Direction.NEITHER));

  /** The metric that training validates on and reports beside the loss, per kind. */
  private static final Map<LabelKind, String> HEADLINE = Map.of(
      LabelKind.BINARY, "auc", LabelKind.MULTICLASS, "accuracy", LabelKind.REGRESSION, "r2");

  private MetricCatalog() {}

  public static Set<String> names(LabelKind kind) {
    return METRICS.get(kind).keySet();
  }

  public static Optional<Direction> direction(LabelKind kind, String metric) {
    return Optional.ofNullable(METRICS.get(kind).get(metric));
  }

  /** The one figure that says how good a model of this kind is, besides its loss. */
  public static String headline(LabelKind kind) {
    return HEADLINE.get(kind);
  }

  /**
   * How much worse {@code candidate} is than {@code reference} (positive: worse), for a metric with
   * a direction.
   */
  public static double worsening(LabelKind kind, String metric, double candidate, double reference) {
    return direction(kind, metric).orElseThrow() == Direction.HIGHER ? reference - candidate : candidate - reference;
  }

  private static Map<String, Direction> ordered(Object... pairs) {
    Map<String, Direction> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Direction) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
