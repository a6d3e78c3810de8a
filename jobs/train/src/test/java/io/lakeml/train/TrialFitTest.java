package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The exact AUC a trial is judged by: the Mann-Whitney statistic, ties at their mean rank. */
class TrialFitTest {
  private static double[][] rows(double[] scores, int[] labels) {
    double[][] rows = new double[scores.length][];
    for (int i = 0; i < scores.length; i++) {
      rows[i] = new double[] {0, scores[i], labels[i]};
    }
    return rows;
  }

  @Test
  void aucCountsOrderedPairsAndHalvesTies() {
    assertThat(TrialFit.auc(rows(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}))).isCloseTo(0.75, within(1e-12));
    assertThat(TrialFit.auc(rows(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1}))).isCloseTo(0.5, within(1e-12));
    assertThat(TrialFit.auc(rows(new double[] {0.9, 0.2}, new int[] {0, 1}))).isZero();
  }

  @Test
  void aucOfNonFiniteScoresOrOneClassIsNaN() {
    assertThat(TrialFit.auc(rows(new double[] {Double.NaN, 0.2}, new int[] {0, 1}))).isNaN();
    assertThat(TrialFit.auc(rows(new double[] {0.1, 0.2}, new int[] {1, 1}))).isNaN();
  }
}
