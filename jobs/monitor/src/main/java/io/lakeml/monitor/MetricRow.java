package io.lakeml.monitor;

import io.lakeml.config.MonitorConfig.Status;
import java.time.LocalDate;

/**
 * One row of {@code monitoring_metrics}: a measured value of a date (and variant, and feature),
 * the threshold it was held to, its status and what it was compared with.
 *
 * @param variant champion, challenger, or {@code all} for what does not depend on the model (input drift, operations)
 * @param feature the feature, or empty for metrics of the whole date
 * @param threshold the alert bound the value was held to (NaN: none, stored as null)
 * @param reference what the value was compared with, e.g. {@code baseline v3}, {@code evaluation v2}
 */
record MetricRow(LocalDate date, String modelName, long modelVersion, String variant, String metric, String feature,
    double value, double threshold, Status status, String reference) {
  static final String ALL = "all";

  static MetricRow info(LocalDate date, String modelName, long version, String variant, String metric, double value,
      String reference) {
    return new MetricRow(date, modelName, version, variant, metric, "", value, Double.NaN, Status.OK, reference);
  }
}
