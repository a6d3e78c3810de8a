package io.lakeml.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.internal.monitoring.BinnedAuc;
import io.lakeml.internal.monitoring.Reference;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The drift measures against values worked out by hand on small distributions. */
class DriftMeasuresTest {
  @Test
  void psiOfKnownShares() {
    // (0.3-0.5) ln(0.3/0.5) + (0.7-0.5) ln(0.7/0.5) = 0.102165 + 0.067294
    assertThat(DriftMeasures.psi(new double[] {0.5, 0.5}, new double[] {0.3, 0.7})).isCloseTo(0.169459, within(1e-6));
    assertThat(DriftMeasures.psi(new double[] {0.25, 0.25, 0.5}, new double[] {0.25, 0.25, 0.5})).isZero();
    // An empty bin is floored at 1e-4: finite, large.
    assertThat(DriftMeasures.psi(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(2 * 0.9999 * Math.log(1e4),
        within(1e-9));
  }

  @Test
  void jensenShannonDistanceOfKnownShares() {
    assertThat(DriftMeasures.jensenShannon(new double[] {0.2, 0.8}, new double[] {0.2, 0.8})).isZero();
    assertThat(DriftMeasures.jensenShannon(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(1.0, within(1e-12));
    // p = (1/2, 1/2), q = (1, 0): m = (3/4, 1/4); JSD = 1/2 [1/2 log2(2/3) + 1/2 log2(2)] + 1/2 [log2(4/3)]
    double jsd = 0.5 * (0.5 * log2(0.5 / 0.75) + 0.5 * log2(0.5 / 0.25)) + 0.5 * log2(1 / 0.75);
    assertThat(DriftMeasures.jensenShannon(new double[] {0.5, 0.5}, new double[] {1, 0}))
        .isCloseTo(Math.sqrt(jsd), within(1e-12));
    // Counts or shares: normalised first; nothing on both sides is no drift, not NaN.
    assertThat(DriftMeasures.jensenShannon(new double[] {2, 8}, new double[] {1, 4})).isZero();
    assertThat(DriftMeasures.jensenShannon(new double[] {0, 0}, new double[] {0, 0})).isZero();
  }

  @Test
  void wassersteinOfAShiftIsTheShiftOverTheScale() {
    double[] reference = new double[101];
    double[] shifted = new double[101];
    for (int i = 0; i <= 100; i++) {
      reference[i] = i / 100.0;
      shifted[i] = i / 100.0 + 0.3;
    }
    assertThat(DriftMeasures.wasserstein(reference, shifted, 0.5)).isCloseTo(0.6, within(1e-12));
    assertThat(DriftMeasures.wasserstein(reference, reference, 0.5)).isZero();
    // Crossing quantile functions: x vs 1 - x on [0, 1] -> area 1/2.
    double[] reversed = new double[101];
    for (int i = 0; i <= 100; i++) {
      reversed[i] = 1 - i / 100.0;
    }
    assertThat(DriftMeasures.wasserstein(reference, reversed, 1)).isCloseTo(0.5, within(1e-12));
    // A constant reference (scale 0): the raw distance.
    assertThat(DriftMeasures.wasserstein(new double[] {2, 2, 2}, new double[] {3, 3, 3}, 0)).isEqualTo(1.0);
  }

  @Test
  void binnedAucMatchesTheExactAucOfDistinctScores() {
    Random random = new Random(3);
    int n = 2_000;
    double[] score = new double[n];
    int[] label = new int[n];
    double[] positives = new double[BinnedAuc.BINS];
    double[] negatives = new double[BinnedAuc.BINS];
    for (int i = 0; i < n; i++) {
      label[i] = random.nextDouble() < 0.3 ? 1 : 0;
      score[i] = Math.min(0.9999, Math.max(0, 0.4 + 0.2 * label[i] + 0.2 * random.nextGaussian()));
      (label[i] == 1 ? positives : negatives)[BinnedAuc.bin(score[i])]++;
    }
    double wins = 0;
    double pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (label[i] == 1 && label[j] == 0) {
          pairs++;
          wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
        }
      }
    }
    assertThat(BinnedAuc.of(positives, negatives)).isCloseTo(wins / pairs, within(1e-3));
    assertThat(BinnedAuc.of(new double[] {0, 1}, new double[] {0, 0})).isNaN();
  }

  @Test
  void calibrationInterpolatesBetweenBoundaries() {
    Reference r = new Reference("m", 1, new double[0], new double[] {0.1, 0.5, 0.9}, new double[] {0.0, 0.2, 1.0},
        Map.of());
    assertThat(r.calibrate(0.05)).isEqualTo(0.0);
    assertThat(r.calibrate(0.3)).isCloseTo(0.1, within(1e-12));
    assertThat(r.calibrate(0.5)).isEqualTo(0.2);
    assertThat(r.calibrate(0.7)).isCloseTo(0.6, within(1e-12));
    assertThat(r.calibrate(0.95)).isEqualTo(1.0);
  }

  @Test
  void referenceDecilesThatTieMergeTheirShares() {
    double[] q = {0, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8};
    assertThat(OutputMetrics.referenceEdges(q)).containsExactly(1, 2, 3, 4, 5, 6, 7);
    double[] shares = OutputMetrics.referenceShares(q);
    assertThat(shares[0]).isCloseTo(0.3, within(1e-12));
    assertThat(shares[shares.length - 1]).isCloseTo(0.1, within(1e-12));
    assertThat(java.util.Arrays.stream(shares).sum()).isCloseTo(1.0, within(1e-12));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
