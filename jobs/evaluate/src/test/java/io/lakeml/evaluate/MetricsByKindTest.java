package io.lakeml.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.config.GateConfig;
import io.lakeml.config.ThresholdRule;
import io.lakeml.dataset.LabelKind;
import io.lakeml.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Metrics of each kind against values worked out by hand on tiny tables, the threshold rules on a
 * validation split whose answer is known, and the gate's refusal of a one-class model.
 */
class MetricsByKindTest {
  final SparkSession spark = SparkTestSession.get();

  @Test
  void multiclassMetricsMatchTheHandComputedOnes() {
    // 4 rows, classes a, b, c; predictions: a (right), b (right), b (wrong: a), c (right).
    Dataset<Row> scored = spark.sql("SELECT * FROM VALUES "
        + "('a', array(0.7D, 0.2D, 0.1D)), ('b', array(0.1D, 0.8D, 0.1D)), "
        + "('a', array(0.3D, 0.6D, 0.1D)), ('c', array(0.2D, 0.2D, 0.6D)) AS t(label, score)");

    Measured m = MulticlassMetrics.of(scored, List.of("a", "b", "c"));

    assertThat(m.metrics().get("accuracy")).isEqualTo(0.75);
    double logLoss = -(Math.log(0.7) + Math.log(0.8) + Math.log(0.3) + Math.log(0.6)) / 4;
    assertThat(m.metrics().get("log_loss")).isCloseTo(logLoss, within(1e-12));
    double prior = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
    assertThat(m.metrics().get("log_loss_skill")).isCloseTo(1 - logLoss / prior, within(1e-12));
    assertThat(m.perClass().get("a")).containsEntry("precision", 1.0).containsEntry("recall", 0.5);
    assertThat(m.perClass().get("b")).containsEntry("precision", 0.5).containsEntry("recall", 1.0);
    assertThat(m.perClass().get("c").get("auc")).isEqualTo(1.0);
    assertThat(m.perClass().get("a").get("auc")).isEqualTo(1.0); // a's rows score 0.7, 0.3 above b and c's 0.1, 0.2
    assertThat(m.metrics().get("macro_recall")).isCloseTo((0.5 + 1 + 1) / 3, within(1e-12));
    assertThat(m.metrics().get("weighted_recall")).isCloseTo(0.75, within(1e-12));
    assertThat(m.confusion().get("a")).isEqualTo(Map.of("a", 1L, "b", 1L));
    assertThat(m.metrics().get("predicted_classes")).isEqualTo(3.0);
  }

  @Test
  void regressionMetricsMatchTheHandComputedOnes() {
    Dataset<Row> scored = spark.sql("SELECT * FROM VALUES (1.0D, 1.5D), (2.0D, 2.0D), (3.0D, 2.0D), (6.0D, 5.5D) "
        + "AS t(label, score)");

    Map<String, Double> m = RegressionMetrics.of(scored);

    double mse = (0.25 + 0 + 1 + 0.25) / 4;
    assertThat(m.get("mse")).isCloseTo(mse, within(1e-12));
    assertThat(m.get("rmse")).isCloseTo(Math.sqrt(mse), within(1e-12));
    assertThat(m.get("mae")).isCloseTo(0.5, within(1e-12));
    double variance = ((1 - 3) * (1 - 3) + (2 - 3) * (2 - 3) + 0 + 9) / 4.0;
    assertThat(m.get("r2")).isCloseTo(1 - mse / variance, within(1e-12));
    assertThat(m.get("residual_p50")).isCloseTo(0.25, within(1e-12)); // residuals -0.5, 0, 1, 0.5
  }

  @Test
  void theThresholdRulesPickTheKnownThresholds() {
    // Scores from high to low with labels 1 1 0 1 0 0 0 0: precision 1, 1, 2/3, 3/4, ... recall 1/3, 2/3, 2/3, 1, ...
    Dataset<Row> validation = spark.sql("SELECT * FROM VALUES (0.9D, 1), (0.8D, 1), (0.7D, 0), (0.6D, 1), "
        + "(0.5D, 0), (0.4D, 0), (0.3D, 0), (0.2D, 0) AS t(score, label)");

    assertThat(choose(validation, ThresholdRule.Rule.MAX_F1, 0)).isEqualTo(0.6); // F1 6/7 at 0.6, 4/5 at 0.8
    assertThat(choose(validation, ThresholdRule.Rule.PRECISION, 0.75)).isEqualTo(0.6); // most recall at precision >= 0.75
    assertThat(choose(validation, ThresholdRule.Rule.PRECISION, 1.0)).isEqualTo(0.8);
    assertThat(choose(validation, ThresholdRule.Rule.RECALL, 0.6)).isEqualTo(0.8); // the highest with recall >= 0.6
    assertThat(choose(validation, ThresholdRule.Rule.COST, 10)).isEqualTo(0.6); // a miss costs 10 false alarms
    assertThat(choose(validation, ThresholdRule.Rule.COST, 0.1)).isEqualTo(0.8); // a false alarm costs ten misses: none
    assertThat(choose(validation, ThresholdRule.Rule.FIXED, 0.35)).isEqualTo(0.35);
  }

  private static double choose(Dataset<Row> validation, ThresholdRule.Rule rule, double value) {
    return ThresholdChoice.choose(validation, new ThresholdRule(rule, value), "m", 1).threshold();
  }

  @Test
  void aBinaryModelPredictingOneClassAtItsThresholdFailsWhateverTheBounds() {
    GateConfig lenient = new GateConfig(Map.of("auc", 0.5), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    Map<String, Double> none = Map.of("auc", 0.7, "threshold", 0.5, "predicted_positive_rate", 0.0);

    List<GateCheck> checks = Gate.checks(lenient, LabelKind.BINARY, none, Optional.empty(), Map.of());

    assertThat(checks).filteredOn(c -> !c.passed()).singleElement()
        .satisfies(c -> assertThat(c.describe()).contains("predicts both classes at threshold 0.5000")
            .contains("it predicts none"));
    Map<String, Double> both = Map.of("auc", 0.7, "threshold", 0.3, "predicted_positive_rate", 0.2);
    assertThat(Gate.checks(lenient, LabelKind.BINARY, both, Optional.empty(), Map.of())).allMatch(GateCheck::passed);
  }

  @Test
  void worseningAgainstProductionFollowsEachMetricsDirection() {
    GateConfig gate = new GateConfig(Map.of(), Map.of(), Map.of("rmse", 0.1, "r2", 0.05), Map.of(), Map.of(), Map.of());
    Map<String, Double> candidate = Map.of("rmse", 1.05, "r2", 0.80);
    Map<String, Double> production = Map.of("rmse", 1.0, "r2", 0.90);

    List<GateCheck> checks = Gate.checks(gate, LabelKind.REGRESSION, candidate, Optional.of(production), Map.of());

    assertThat(checks).filteredOn(GateCheck::passed).extracting(GateCheck::name).containsExactly("rmse worse than production");
    assertThat(checks).filteredOn(c -> !c.passed()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("r2 worse than production");
      assertThat(c.value()).isCloseTo(0.1, within(1e-9));
    });
  }
}
