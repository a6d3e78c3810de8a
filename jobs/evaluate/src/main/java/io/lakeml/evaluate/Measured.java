package io.lakeml.evaluate;

import java.util.List;
import java.util.Map;

/**
 * What an evaluation measured on the test split: the kind's metrics (names of
 * {@link io.lakeml.internal.metrics.MetricCatalog}), and for a multiclass model the metrics of each class
 * and the confusion matrix (actual class -> predicted class -> rows).
 */
record Measured(Map<String, Double> metrics, Map<String, Map<String, Double>> perClass,
    Map<String, Map<String, Long>> confusion) {

  static Measured of(Map<String, Double> metrics) {
    return new Measured(metrics, Map.of(), Map.of());
  }

  List<String> classes() {
    return List.copyOf(perClass.keySet());
  }
}
