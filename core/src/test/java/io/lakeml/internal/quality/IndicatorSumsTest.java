package io.lakeml.internal.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Sums and counts counted in bits give what Spark's own aggregates give, nulls included. */
class IndicatorSumsTest {
  private final SparkSession spark = SparkTestSession.get();

  /** 10,000 rows over 4 partitions: x with every 7th value null, k cycling 0-99. */
  private Dataset<Row> rows() {
    return spark.range(0, 10_000, 1, 4).select(
        when(col("id").mod(7).equalTo(0), lit(null)).otherwise(col("id").multiply(0.5)).as("x"),
        col("id").mod(100).as("k"));
  }

  /** Deequ's forms (a cast boolean, a conditional selection, a count) and some that are not indicators. */
  private static Map<String, Column> aggregates() {
    Map<String, Column> a = new LinkedHashMap<>();
    a.put("rows", count(lit(1)));
    a.put("present", sum(col("x").isNotNull().cast("int")));
    a.put("below_where", sum(when(col("k").lt(50), col("x").lt(2500)).cast("int"))); // null outside k < 50
    a.put("none_match", sum(when(col("k").gt(1000), col("x").isNull()).cast("int"))); // no non-null value: null
    a.put("ones_or_null", sum(when(col("k").equalTo(3), 1L)));
    a.put("never_one", sum(when(col("k").equalTo(1000), 1L)));
    a.put("coalesced", sum(coalesce(col("x").gt(100).cast("long"), lit(0L))));
    a.put("count_x", count(col("x")));
    a.put("plain_sum", sum(col("k"))); // not 0/1: stays as it is
    a.put("double_sum", sum(col("x")));
    return a;
  }

  private static List<Column> named(Map<String, Column> aggregates) {
    List<Column> named = new ArrayList<>();
    aggregates.forEach((name, c) -> named.add(c.as(name)));
    return named;
  }

  private Map<String, Object> observed(Dataset<Row> rows, Map<String, Column> aggregates) {
    ObservedAnalysis o = ObservedAnalysis.on(rows, List.of(), aggregates);
    assertThat(o.rows().columns()).containsExactly(rows.columns()); // the helper columns are gone
    o.rows().write().format("noop").mode("overwrite").save();
    return o.extras();
  }

  private static Map<String, Object> expected(Dataset<Row> rows, Map<String, Column> aggregates) {
    Row r = rows.agg(named(aggregates).get(0), named(aggregates).subList(1, aggregates.size()).toArray(Column[]::new)).first();
    Map<String, Object> m = new LinkedHashMap<>();
    int i = 0;
    for (String name : aggregates.keySet()) {
      m.put(name, r.get(i++));
    }
    return m;
  }

  @Test
  void givesSparksOwnResultsWithNullsAndFilters() {
    Dataset<Row> rows = rows();
    IndicatorSums sums = IndicatorSums.of(rows, named(aggregates()));
    assertThat(sums.indicatorCount()).isEqualTo(8); // all but the two plain sums

    Map<String, Object> expected = expected(rows, aggregates());
    assertThat(expected.get("none_match")).isNull();
    assertThat(expected.get("never_one")).isNull();
    assertThat(observed(rows, aggregates())).isEqualTo(expected);
  }

  @Test
  void givesSparksOwnResultsOnNoRows() {
    Dataset<Row> empty = rows().where(col("k").lt(0));
    Map<String, Object> expected = expected(empty, aggregates());
    assertThat(expected.get("rows")).isEqualTo(0L);
    assertThat(expected.get("present")).isNull();
    assertThat(observed(empty, aggregates())).isEqualTo(expected);
  }

  @Test
  void moreIndicatorsThanOneWordHolds() {
    Map<String, Column> many = new LinkedHashMap<>();
    for (int j = 0; j < 70; j++) { // three words of at most 32
      many.put("k_below_" + j, sum(col("k").lt(j).cast("int")));
    }
    many.put("x_present", sum(col("x").isNotNull().cast("long")));
    Dataset<Row> rows = rows();
    assertThat(IndicatorSums.of(rows, named(many)).helperColumns()).hasSize(3);
    assertThat(observed(rows, many)).isEqualTo(expected(rows, many));
  }

  @Test
  void recognisesOnlyValuesThatAreZeroOneOrNull() {
    Dataset<Row> rows = rows();
    Map<String, Column> notIndicators = new LinkedHashMap<>();
    notIndicators.put("twos", sum(when(col("k").lt(5), 2L).otherwise(0L)));
    notIndicators.put("k", sum(col("k")));
    notIndicators.put("max", org.apache.spark.sql.functions.max(col("k").lt(5).cast("int"))); // 0/1, but no sum
    assertThat(IndicatorSums.of(rows, named(notIndicators)).indicatorCount()).isZero();
    assertThat(observed(rows, notIndicators)).isEqualTo(expected(rows, notIndicators));
  }
}
