package io.lakeml.score;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The score summaries of {@link ScoreSummary} gathered while {@link DirectScoredWrite} writes the
 * rows (no read back of what was written): per variant the rows, mean, population standard
 * deviation, minimum and maximum score, positive share and the other model's mean score, and the
 * errors (scores that are not probabilities). Each task keeps its own and the driver merges them;
 * Spark's semantics where they differ from Java's: a NaN sorts above every number (so it is the
 * maximum, never the minimum) and a mean over no rows is absent. {@code ScoreJobTest} pins these
 * to Spark's aggregates over the written rows.
 */
final class RunningSummary implements Serializable {
  private static final List<String> VARIANTS = List.of(ServingPlan.CHAMPION, ServingPlan.CHALLENGER);

  private final Moments[] score = {new Moments(), new Moments()};
  private final Moments[] other = {new Moments(), new Moments()};
  private final long[] positives = new long[2];
  private long errors;

  /** One written row: served by the challenger or not, its score, label and the other model's score. */
  void add(boolean challenger, Double served, Integer label, Double otherScore) {
    int v = challenger ? 1 : 0;
    score[v].add(served);
    if (label != null && label == 1) {
      positives[v]++;
    }
    other[v].add(otherScore);
    if (served == null || served.isNaN() || served < 0 || served > 1) {
      errors++;
    }
  }

  /** This summary with {@code o}'s rows added. */
  RunningSummary merge(RunningSummary o) {
    for (int v = 0; v < 2; v++) {
      score[v].merge(o.score[v]);
      other[v].merge(o.other[v]);
      positives[v] += o.positives[v];
    }
    errors += o.errors;
    return this;
  }

  /** The summaries under {@link ScoreSummary}'s names. */
  Map<String, Double> values() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("errors", (double) errors);
    for (int v = 0; v < 2; v++) {
      String p = VARIANTS.get(v) + ".";
      Moments s = score[v];
      m.put(p + "rows", (double) s.rows);
      if (s.n > 0) {
        m.put(p + "score_mean", s.mean());
        m.put(p + "score_stddev", s.stddevPop());
        m.put(p + "score_min", s.min());
        m.put(p + "score_max", s.max());
      }
      if (s.n > 0) { // a label exactly where there is a score
        m.put(p + "positive_share", positives[v] / (double) s.n);
      }
      if (other[v].n > 0) {
        m.put(p + "other_score_mean", other[v].mean());
      }
    }
    return m;
  }

  /** Count, mean and squared deviations of the non-null values (Welford; merged as Chan et al.), min, max. */
  private static final class Moments implements Serializable {
    long rows; // every row of the variant, nulls included
    long n;
    double mean;
    double m2;
    double min = Double.NaN;
    double max = Double.NaN;
    boolean anyNumber;
    boolean anyNaN;

    void add(Double value) {
      rows++;
      if (value == null) {
        return;
      }
      double x = value;
      n++;
      double delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
      if (Double.isNaN(x)) {
        anyNaN = true;
      } else {
        min = anyNumber ? Math.min(min, x) : x;
        max = anyNumber ? Math.max(max, x) : x;
        anyNumber = true;
      }
    }

    void merge(Moments o) {
      rows += o.rows;
      if (o.n == 0) {
        return;
      }
      if (n == 0) {
        n = o.n;
        mean = o.mean;
        m2 = o.m2;
      } else {
        long total = n + o.n;
        double delta = o.mean - mean;
        mean += delta * o.n / total;
        m2 += o.m2 + delta * delta * n * (double) o.n / total;
        n = total;
      }
      if (o.anyNumber) {
        min = anyNumber ? Math.min(min, o.min) : o.min;
        max = anyNumber ? Math.max(max, o.max) : o.max;
        anyNumber = true;
      }
      anyNaN |= o.anyNaN;
    }

    double mean() {
      return mean;
    }

    double stddevPop() {
      return Math.sqrt(m2 / n);
    }

    double min() {
      return anyNumber ? min : Double.NaN;
    }

    double max() {
      return anyNaN ? Double.NaN : max;
    }
  }
}
