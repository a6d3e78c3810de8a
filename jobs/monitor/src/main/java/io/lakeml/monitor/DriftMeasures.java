package io.lakeml.monitor;

/**
 * The drift measures between a reference and a current distribution, on shares or quantiles the
 * caller has aggregated. Pure functions: what the tests pin against values computed by hand.
 */
final class DriftMeasures {
  /**
   * Floor of a share inside the logarithms of PSI, so an empty bin on one side gives a large but
   * finite value (the usual practice; the value Evidently and NannyML use is of this order).
   */
  static final double EPSILON = 1e-4;

  private DriftMeasures() {}

  /** Population stability index: sum of (a - e) * ln(a / e) over bins, shares floored at {@link #EPSILON}. */
  static double psi(double[] expected, double[] actual) {
    checkSameLength(expected, actual);
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], EPSILON);
      double a = Math.max(actual[i], EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /**
   * Jensen-Shannon distance, base 2 (0: the same distribution, 1: disjoint): the square root of
   * the JS divergence between the two share vectors, each normalised to sum to 1.
   */
  static double jensenShannon(double[] p, double[] q) {
    checkSameLength(p, q);
    double[] a = normalised(p);
    double[] b = normalised(q);
    double divergence = 0;
    for (int i = 0; i < a.length; i++) {
      double m = (a[i] + b[i]) / 2;
      divergence += term(a[i], m) / 2 + term(b[i], m) / 2;
    }
    return Math.sqrt(Math.max(0, divergence));
  }

  /**
   * The 1-Wasserstein distance between two distributions given by their quantiles at the same
   * equally spaced probabilities 0, 1/n, ..., 1 (the area between the quantile functions, each
   * linear between its points), divided by {@code scale} (the reference's standard deviation); 0
   * when the scale is 0 and the quantiles agree, the raw distance when only the scale is 0.
   */
  static double wasserstein(double[] reference, double[] current, double scale) {
    checkSameLength(reference, current);
    int n = reference.length - 1;
    double area = 0;
    for (int i = 0; i < n; i++) {
      area += segment(reference[i] - current[i], reference[i + 1] - current[i + 1]) / n;
    }
    return scale > 0 ? area / scale : area;
  }

  /** The integral over [0, 1] of |x| for x linear from d0 to d1. */
  private static double segment(double d0, double d1) {
    if (d0 * d1 >= 0) {
      return Math.abs(d0 + d1) / 2;
    }
    // The difference changes sign: two triangles.
    double t = Math.abs(d0) / (Math.abs(d0) + Math.abs(d1));
    return (Math.abs(d0) * t + Math.abs(d1) * (1 - t)) / 2;
  }

  private static double term(double x, double m) {
    return x > 0 ? x * Math.log(x / m) / Math.log(2) : 0;
  }

  private static double[] normalised(double[] shares) {
    double sum = 0;
    for (double s : shares) {
      sum += s;
    }
    double[] out = new double[shares.length];
    for (int i = 0; i < shares.length; i++) {
      out[i] = sum > 0 ? shares[i] / sum : 0;
    }
    return out;
  }

  private static void checkSameLength(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("Cannot compare distributions of " + a.length + " and " + b.length + " bins");
    }
  }
}
