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

  @Test
  void theBestTrialHasTheHighestMetricThenTheLowestLossThenTheLowestIndex() {
    TrialResult nanMetric = result(0, Double.NaN, 0.1);
    TrialResult low = result(1, 0.60, 0.5);
    TrialResult high = result(2, 0.70, 0.6);
    TrialResult sameHighLowerLoss = result(3, 0.70, 0.4);
    TrialResult sameAsThree = result(4, 0.70, 0.4);

    assertThat(java.util.stream.Stream.of(nanMetric, low, high).max(TuneJob.BY_MERIT)).contains(high);
    assertThat(java.util.stream.Stream.of(high, sameHighLowerLoss, sameAsThree).max(TuneJob.BY_MERIT))
        .contains(sameHighLowerLoss);
    assertThat(java.util.stream.Stream.of(nanMetric, result(5, Double.NaN, 0.05)).max(TuneJob.BY_MERIT))
        .map(TrialResult::trial).contains(5);
  }

  private static TrialResult result(int trial, double metric, double loss) {
    return new TrialResult(trial, 0, "", TrialResult.OK, "", "auc", metric, loss, 1, 1, 1.0);
  }
}
