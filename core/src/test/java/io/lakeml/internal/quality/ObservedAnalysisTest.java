package io.lakeml.internal.quality;

import static io.lakeml.internal.util.Scala.assertion;
import static io.lakeml.internal.util.Scala.none;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.InMemoryStateProvider;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.internal.util.Scala;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

class ObservedAnalysisTest {
  private final SparkSession spark = SparkTestSession.get();

  /** 10,000 rows over 4 partitions: x with every 7th value null, k repeating every 100 rows. */
  private Dataset<Row> rows() {
    return spark.range(0, 10_000, 1, 4).select(
        when(col("id").mod(7).equalTo(0), lit(null)).otherwise(col("id").multiply(0.5)).as("x"),
        col("id").mod(100).as("k"));
  }

  /**
   * Three checks over shared analyzers: the second repeats the first's row count and completeness
   * (as an anomaly check does), the third restricts both with a filter.
   */
  private static List<Check> checks() {
    Check shared = new Check(CheckLevel.Error(), "shared", Scala.seq(List.of()))
        .hasSize(assertion(v -> v == 10_000), none())
        .hasCompleteness("x", assertion(v -> v > 0.9), none(), none())
        .satisfies("x < 2500", "x below 2500", assertion(v -> v >= 0.5), none(), Scala.list(List.of()), none())
        .where("k < 50")
        .hasUniqueness(Scala.seq(List.of("k")), assertion(v -> v == 1.0), none());
    Check repeated = new Check(CheckLevel.Warning(), "repeated", Scala.seq(List.of()))
        .hasSize(assertion(v -> v == 10_000), none())
        .hasCompleteness("x", assertion(v -> v > 0.8), none(), none());
    Check filtered = new Check(CheckLevel.Warning(), "filtered", Scala.seq(List.of()))
        .hasSize(assertion(v -> v == 1_000), none()).where("k < 10")
        .hasCompleteness("x", assertion(v -> v > 0.8), none(), none()).where("k >= 10");
    return List.of(shared, repeated, filtered);
  }

  private static List<Analyzer<?, ?>> analyzers() {
    List<Analyzer<?, ?>> all = new ArrayList<>();
    checks().forEach(c -> all.addAll(JavaConverters.asJavaCollection(c.requiredAnalyzers())));
    return all;
  }

  @Test
  void statesGatheredDuringAnotherActionVerifyLikeDeequsOwnPass(@TempDir Path dir) {
    VerificationResult direct = new VerificationSuite().onData(rows()).addChecks(Scala.seq(checks())).run();

    ObservedAnalysis observed = ObservedAnalysis.on(rows(), analyzers(), Map.of("big", sum(when(col("x").gt(4000), 1))));
    observed.rows().write().parquet(dir.resolve("out").toString());
    InMemoryStateProvider states = observed.states();
    ObservedAnalysis.computeNotObservable(rows(), analyzers(), states); // uniqueness: a pass of its own
    VerificationResult viaStates = ObservedAnalysis.verify(rows().schema(), checks(), states,
        Optional.empty(), Optional.empty());

    assertThat(viaStates.status()).isEqualTo(direct.status()).isEqualTo(CheckStatus.Error());
    Map<Analyzer<?, Metric<?>>, Metric<?>> expected = JavaConverters.mapAsJavaMap(direct.metrics());
    Map<Analyzer<?, Metric<?>>, Metric<?>> actual = JavaConverters.mapAsJavaMap(viaStates.metrics());
    assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSize(6);
    expected.forEach((analyzer, metric) -> assertThat(((DoubleMetric) actual.get(analyzer)).value().get())
        .as(analyzer.toString()).isEqualTo(((DoubleMetric) metric).value().get()));
    assertThat(JavaConverters.mapAsJavaMap(viaStates.checkResults()).values())
        .extracting(r -> r.check().description() + ":" + r.status())
        .containsExactlyInAnyOrder("shared:Error", "repeated:Success", "filtered:Success");
    assertThat(observed.extras()).containsEntry("big", 1713L);
  }

  @Test
  void aggregationsSharedByAnalyzersAreComputedOnce() {
    ObservedAnalysis observed = ObservedAnalysis.on(rows(), analyzers(), Map.of());
    // count(*) for both sizes and completenesses of x; sum(x not null) for both completenesses;
    // the compliance's sum and count where k < 50; the filtered size's count where k < 10; the
    // filtered completeness's sum and count where k >= 10: 7 of the 11 the analyzers name.
    assertThat(observed.aggregations()).isEqualTo(7);
  }

  @Test
  void onlyGroupingAnalyzersAreLeftForAPassOfTheirOwn() {
    assertThat(ObservedAnalysis.notObservable(analyzers()))
        .singleElement().asString().startsWith("Uniqueness");
  }
}
