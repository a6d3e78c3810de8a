package io.lakeml.prep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.RowIdentity;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.quality.ObservedAnalysis;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftBaselineTest {
  private final SparkSession spark = SparkTestSession.get();

  /** distance = 0..n-1 (a uniform column), the other features cycling, and a content hash per row. */
  private Dataset<Row> uniform(long n) {
    return spark.range(n).select(col("id").cast("double").as("distance"),
        col("id").mod(24).cast("int").as("hour_of_day"),
        col("id").mod(7).cast("string").as("origin"), when(col("id").mod(5).notEqual(0), col("id").mod(5).cast("string")).as("destination"),
        col("id").mod(7).plus(1).cast("int").as("day_of_week"), col("id").mod(12).plus(1).cast("int").as("month"),
        xxhash64(col("id")).as(RowIdentity.COLUMN), col("id").mod(10).equalTo(3).as("rejected"));
  }

  /** stat -> bucket -> value of one feature's profile rows. */
  private static Map<String, Map<String, Double>> stats(List<Row> profile, String feature) {
    Map<String, Map<String, Double>> stats = new TreeMap<>();
    profile.stream().filter(r -> r.getString(3).equals(feature))
        .forEach(r -> stats.computeIfAbsent(r.getString(5), k -> new TreeMap<>()).put(r.getString(6), r.getDouble(7)));
    return stats;
  }

  private List<Row> profile(List<Row> sample, long rows, LakemlConfig config) {
    return DriftBaseline.profile(sample, rows, config.requireDataset(), config.prep(), 3, "run");
  }

  @Test
  void aLargeWindowIsProfiledFromADeterministicSampleCloseToTheWholeWindow(@TempDir Path home) {
    LakemlConfig config = TestConfigs.flights(home);
    Dataset<Row> rows = uniform(200_000);
    BaselineSample read = BaselineSample.plan(config.requireDataset(), OptionalLong.empty());

    List<Row> sampled = profile(read.of(Map.of(), () -> rows, 200_000), 200_000, config); // one in four
    List<Row> again = profile(read.of(Map.of(), () -> rows, 200_000), 200_000, config);
    List<Row> whole = profile(read.of(Map.of(), () -> rows, BaselineSample.ROWS), 200_000, config); // all rows

    assertThat(stats(sampled, "distance")).isEqualTo(stats(again, "distance"));
    Map<String, Double> quantiles = stats(sampled, "distance").get("quantile");
    Map<String, Double> exact = stats(whole, "distance").get("quantile");
    assertThat(quantiles).hasSize(11).isNotEqualTo(exact);
    for (String q : quantiles.keySet()) {
      double rank = Math.ceil(Double.parseDouble(q) * 200_000) - 1;
      assertThat(exact.get(q)).as("quantile %s of all rows", q).isEqualTo(Math.max(0, rank));
      // three standard deviations of a sample of 50,000: 0.67%, 1,342 rows of 200,000
      assertThat(quantiles.get(q)).as("quantile %s of the sample", q).isCloseTo(exact.get(q), within(1_350.0));
    }
    Map<String, Map<String, Double>> destination = stats(sampled, "destination");
    assertThat(destination.get("null_rate").get("")).isCloseTo(0.2, within(0.006));
    assertThat(destination.get("category_share")).containsKeys("1", "4", DriftBaseline.NULL, DriftBaseline.OTHER);
    assertThat(destination.get("category_share").get("1")).isCloseTo(0.2, within(0.006));
    assertThat(destination.get("distinct_values").get("")).isEqualTo(5.0);
    assertThat(stats(sampled, "*").get("row_count").get("")).isEqualTo(200_000.0);
  }

  @Test
  void theSampleGatheredDuringTheWriteIsTheSampleOfAcceptedRowsReadBackAfterIt(@TempDir Path home) {
    LakemlConfig config = TestConfigs.flights(home);
    Dataset<Row> checked = uniform(200_000).withColumn(SchemaContract.FIRST_VIOLATION,
        when(col("rejected"), lit("OUT_OF_RANGE")));
    BaselineSample during = BaselineSample.plan(config.requireDataset(), OptionalLong.of(200_000));
    ObservedAnalysis observed = ObservedAnalysis.on(during.mark(checked), List.of(), during.collector());
    Dataset<Row> written = observed.rows().where(col(SchemaContract.FIRST_VIOLATION).isNull())
        .drop(BaselineSample.COLUMN);
    written.write().parquet(home.resolve("written").toString());

    List<Row> gathered = during.of(observed.extras(), () -> written, 180_000);
    List<Row> readBack = BaselineSample.plan(config.requireDataset(), OptionalLong.empty())
        .of(Map.of(), () -> written, 180_000);
    assertThat(gathered).as("one in four of 180,000 accepted rows").hasSizeBetween(40_000, 50_000);
    assertThat(gathered).isEqualTo(readBack);
  }
}
