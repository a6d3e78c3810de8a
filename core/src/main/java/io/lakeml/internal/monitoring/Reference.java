package io.lakeml.internal.monitoring;

import java.util.Arrays;
import java.util.Map;

/**
 * A version's served value as evaluated: its quantiles at 0, 1/{@link References#BINS}, ..., 1;
 * for a binary model the isotonic calibration of its score (the observed positive rate at each
 * boundary, interpolated linearly between them, as Spark's {@code IsotonicRegressionModel}
 * predicts); and summary figures ({@code positive_rate}, {@code mean_confidence}, {@code rows}).
 */
public record Reference(String name, long version, double[] quantiles, double[] calibrationBoundaries,
    double[] calibrated, Map<String, Double> metrics) {

  public Reference {
    quantiles = quantiles.clone();
    calibrationBoundaries = calibrationBoundaries.clone();
    calibrated = calibrated.clone();
    metrics = Map.copyOf(metrics);
  }

  @Override
  public double[] quantiles() {
    return quantiles.clone();
  }

  @Override
  public double[] calibrationBoundaries() {
    return calibrationBoundaries.clone();
  }

  @Override
  public double[] calibrated() {
    return calibrated.clone();
  }

  public boolean calibrates() {
    return calibrationBoundaries.length > 0;
  }

  /** The calibrated probability of score {@code p}: the isotonic fit, linear between boundaries. */
  public double calibrate(double p) {
    if (!calibrates()) {
      return p;
    }
    int n = calibrationBoundaries.length;
    if (p <= calibrationBoundaries[0]) {
      return calibrated[0];
    }
    if (p >= calibrationBoundaries[n - 1]) {
      return calibrated[n - 1];
    }
    int i = Arrays.binarySearch(calibrationBoundaries, p);
    if (i >= 0) {
      return calibrated[i];
    }
    int hi = -i - 1;
    int lo = hi - 1;
    double span = calibrationBoundaries[hi] - calibrationBoundaries[lo];
    double w = span == 0 ? 0 : (p - calibrationBoundaries[lo]) / span;
    return calibrated[lo] + w * (calibrated[hi] - calibrated[lo]);
  }
}
