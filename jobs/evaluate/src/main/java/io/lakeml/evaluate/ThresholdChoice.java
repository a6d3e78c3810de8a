package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.lakeml.config.ThresholdRule;
import io.lakeml.errors.Errors;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A binary model's decision threshold, chosen on the scored validation split by the configured
 * rule: rows are counted per distinct score (one small aggregation), and every score is tried as
 * the threshold, a row being predicted positive when its score is at or above it. Ties between
 * thresholds go to the higher one (fewer positives predicted).
 */
final class ThresholdChoice {
  private ThresholdChoice() {}

  /** The threshold and why it was chosen. */
  record Chosen(double threshold, String reason) {}

  static Chosen choose(Dataset<Row> validation, ThresholdRule rule, String name, long version) {
    if (rule.rule() == ThresholdRule.Rule.FIXED) {
      return new Chosen(rule.value(), "fixed");
    }
    List<Row> byScore = validation.groupBy(col("score")).agg(count(lit(1)), sum(col("label").cast("long")))
        .orderBy(col("score").desc()).collectAsList();
    long positives = byScore.stream().mapToLong(r -> r.getLong(2)).sum();
    long rows = byScore.stream().mapToLong(r -> r.getLong(1)).sum();
    if (positives == 0 || positives == rows) {
      throw Errors.thresholdNotChoosable(name, version, rows, positives, rule.toString());
    }
    double best = Double.NEGATIVE_INFINITY;
    double chosen = Double.NaN;
    long tp = 0;
    long fp = 0;
    for (Row r : byScore) { // thresholds from the highest score down: more rows predicted positive each step
      tp += r.getLong(2);
      fp += r.getLong(1) - r.getLong(2);
      double value = value(rule, tp, fp, positives);
      if (value > best) {
        best = value;
        chosen = r.getDouble(0);
      }
    }
    if (rule.rule() == ThresholdRule.Rule.PRECISION && best < 0) {
      return new Chosen(chosen, String.format(java.util.Locale.ROOT,
          "precision %.3f is out of reach on the validation split: the threshold of the best precision", rule.value()));
    }
    return new Chosen(chosen, rule.toString());
  }

  /** How good a threshold predicting {@code tp + fp} rows positive is, by the rule (higher is better). */
  private static double value(ThresholdRule rule, long tp, long fp, long positives) {
    double precision = tp / (double) (tp + fp);
    double recall = tp / (double) positives;
    return switch (rule.rule()) {
      case MAX_F1 -> 2 * tp / (double) (2 * tp + fp + (positives - tp));
      // Reaching the precision: the lower threshold (more recall) is better; else the better precision.
      case PRECISION -> precision >= rule.value() ? recall : precision - 1;
      // Reaching the recall: the highest such threshold (the fewest rows predicted positive) is best.
      case RECALL -> recall >= rule.value() ? -(double) (tp + fp) : Double.NEGATIVE_INFINITY;
      case COST -> -(rule.value() * (positives - tp) + fp);
      case FIXED -> 0;
    };
  }
}
