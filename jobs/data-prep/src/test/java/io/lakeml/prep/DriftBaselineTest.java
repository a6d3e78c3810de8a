package io.lakeml.prep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazon.deequ.metrics.KeyedDoubleMetric;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.RowIdentity;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

class DriftBaselineTest {
  private final SparkSession spark = SparkTestSession.get();

  /** distance = 0..n-1 (a uniform column), hour_of_day = id mod 24, and a content hash per row. */
  private Dataset<Row> uniform(long n) {
    return spark.range(n).select(col("id").cast("double").as(DriftBaseline.masked("distance")),
        col("id").mod(24).cast("int").as(DriftBaseline.masked("hour_of_day")),
        xxhash64(col("id")).as(RowIdentity.COLUMN));
  }

  private static Map<String, Object> distanceQuantiles(
      scala.collection.immutable.Map<com.amazon.deequ.analyzers.Analyzer<?, com.amazon.deequ.metrics.Metric<?>>,
          com.amazon.deequ.metrics.Metric<?>> metrics) {
    for (var m : JavaConverters.asJavaCollection(metrics.values())) {
      if (m instanceof KeyedDoubleMetric k && k.instance().contains("distance")) {
        return JavaConverters.mapAsJavaMap(k.value().get());
      }
    }
    throw new AssertionError("No quantiles of distance in " + metrics);
  }

  @Test
  void quantilesOfALargeWindowComeFromADeterministicSampleCloseToTheExactOnes(@TempDir Path home) {
    LakemlConfig config = TestConfigs.flights(home);
    Dataset<Row> rows = uniform(200_000);

    Map<String, Object> sampled = distanceQuantiles(
        DriftBaseline.quantiles(rows, 200_000, config.requireDataset(), config.prep(), 20_000));
    Map<String, Object> again = distanceQuantiles(
        DriftBaseline.quantiles(rows, 200_000, config.requireDataset(), config.prep(), 20_000));
    Map<String, Object> full = distanceQuantiles(
        DriftBaseline.quantiles(rows, 200_000, config.requireDataset(), config.prep(), 1_000_000));

    assertThat(sampled).isEqualTo(again).isNotEqualTo(full).hasSize(11);
    for (String q : sampled.keySet()) {
      double exact = Double.parseDouble(q) * 199_999;
      // of 200,000 rows: the sketch's 1% rank error plus three standard deviations of the sample's
      // own (0.5/sqrt(20,000) = 0.35%), about 2%
      assertThat(((Number) sampled.get(q)).doubleValue()).as("quantile %s", q).isCloseTo(exact, within(4_000.0));
      assertThat(((Number) full.get(q)).doubleValue()).as("quantile %s", q).isCloseTo(exact, within(2_000.0));
    }
  }
}
