package io.lakeml.internal.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.internal.quality.ObservedAnalysis;
import io.lakeml.testing.SparkTestSession;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ExactSumTest {
  private final SparkSession spark = SparkTestSession.get();

  private BigInteger observedSum(Dataset<Row> rows) {
    ObservedAnalysis o = ObservedAnalysis.on(rows, List.of(), Map.of("sum", ExactSum.of(col("v").plus(0L))));
    o.rows().write().format("noop").mode("overwrite").save();
    return ExactSum.value(o.extras().get("sum"));
  }

  @Test
  void sumsBeyondSixtyFourBitsExactlyAcrossPartitions() {
    List<Long> values = new ArrayList<>();
    BigInteger expected = BigInteger.ZERO;
    for (int i = 0; i < 1_000; i++) {
      long v = i % 3 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i; // carries and borrows both ways
      values.add(v);
      expected = expected.add(BigInteger.valueOf(v));
    }
    values.add(null); // skipped
    Dataset<Row> rows = spark.createDataset(values, Encoders.LONG()).toDF("v").repartition(4);
    assertThat(observedSum(rows)).isEqualTo(expected);
    assertThat(expected.bitLength()).isGreaterThan(64);
  }

  @Test
  void isZeroForNoValues() {
    Dataset<Row> none = spark.createDataset(List.of(1L), Encoders.LONG()).toDF("v").where(col("v").lt(0));
    assertThat(observedSum(none)).isEqualTo(BigInteger.ZERO);
  }
}
