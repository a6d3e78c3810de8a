package io.lakeml.internal.monitoring;

/**
 * The AUC of (weighted) positives and negatives counted per ascending score bin: the chance that a
 * positive outranks a negative, a tie within a bin counting a half. With bins of width 0.001 it
 * differs from the exact AUC by at most the share of pairs that share a bin, half of it.
 */
public final class BinnedAuc {
  /** Bins over [0, 1] for probabilities. */
  public static final int BINS = 1_000;

  private BinnedAuc() {}

  /** The AUC; NaN when either class is absent. */
  public static double of(double[] positives, double[] negatives) {
    double p = 0;
    double n = 0;
    for (int i = 0; i < positives.length; i++) {
      p += positives[i];
      n += negatives[i];
    }
    if (p <= 0 || n <= 0) {
      return Double.NaN;
    }
    double below = 0;
    double wins = 0;
    for (int i = 0; i < positives.length; i++) {
      wins += positives[i] * (below + negatives[i] / 2);
      below += negatives[i];
    }
    return wins / (p * n);
  }

  /** The bin of probability {@code p}. */
  public static int bin(double p) {
    return Math.max(0, Math.min(BINS - 1, (int) Math.floor(p * BINS)));
  }
}
