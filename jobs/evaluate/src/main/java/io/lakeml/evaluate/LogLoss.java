package io.lakeml.evaluate;

/** Log loss against the baseline of always predicting the observed class shares. */
final class LogLoss {
  private LogLoss() {}

  /** The log loss of predicting {@code shares} for every row: their entropy. */
  static double ofShares(double[] shares) {
    double h = 0;
    for (double q : shares) {
      if (q > 0) {
        h -= q * Math.log(q);
      }
    }
    return h;
  }

  /**
   * 1 - logLoss / the shares' log loss: above 0 when the model beats the best constant prediction,
   * 1 for a perfect one; NaN when the rows hold a single class (nothing to beat).
   */
  static double skill(double logLoss, double[] shares) {
    double baseline = ofShares(shares);
    return baseline > 0 ? 1 - logLoss / baseline : Double.NaN;
  }
}
