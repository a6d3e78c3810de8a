package io.lakeml.train;

/**
 * The rungs of a search. A random search has one: every trial gets all its epochs. Successive
 * halving with rate {@code eta} over {@code n} trials has {@code floor(log_eta n) + 1}: at rung
 * {@code r} the best {@code n / eta^r} trials of the rung before are fitted (from scratch, with the
 * same seeds) for {@code eta^(r - last)} of their epochs, at least one, so the last rung fits its
 * survivors for all their epochs.
 */
record Rungs(int last, int rate) {
  static Rungs random() {
    return new Rungs(0, 1);
  }

  static Rungs halving(int trials, int rate) {
    int last = 0;
    for (long n = rate; n <= trials; n *= rate) {
      last++;
    }
    return new Rungs(last, rate);
  }

  /** The epochs a trial of {@code full} epochs gets at {@code rung}. */
  int epochs(int full, int rung) {
    return (int) Math.max(1, Math.round(full * Math.pow(rate, rung - last)));
  }

  /** How many of {@code trials} are fitted at {@code rung}. */
  int survivors(int trials, int rung) {
    return rung > last ? 0 : (int) Math.max(1, trials / (long) Math.pow(rate, rung));
  }
}
