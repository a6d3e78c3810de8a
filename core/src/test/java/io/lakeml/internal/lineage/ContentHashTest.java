package io.lakeml.internal.lineage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.SparkTestSession;
import io.lakeml.internal.util.Hashing;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class ContentHashTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> rows(long n) {
    return spark.range(n).select(col("id"), col("id").multiply(7).cast("string").as("name"),
        col("id").divide(3.0).as("x"));
  }

  @Test
  void isTheDigestOfTheExactSumOfRowHashes() {
    Dataset<Row> rows = rows(50_000);
    // The definition, computed the slow way: a decimal sum of every row's 64-bit hash.
    String[] names = rows.columns().clone();
    Arrays.sort(names);
    Row expected = rows.agg(functions.sum(functions.xxhash64(Arrays.stream(names).map(functions::col).toArray(
        org.apache.spark.sql.Column[]::new)).cast("decimal(38,0)"))).first();
    String definition = Hashing.sha256(String.join(",", names) + "|50000|"
        + new BigDecimal(expected.get(0).toString()).toPlainString());

    assertThat(ContentHash.of(rows)).isEqualTo(definition);
    String ansi = spark.conf().get("spark.sql.ansi.enabled");
    try {
      spark.conf().set("spark.sql.ansi.enabled", "true"); // no slice may overflow or fail a cast
      assertThat(ContentHash.of(rows)).isEqualTo(definition);
    } finally {
      spark.conf().set("spark.sql.ansi.enabled", ansi);
    }
  }

  @Test
  void gatheredDuringAnotherActionEqualsItsOwnPassOverTheRowsItKeeps() {
    Dataset<Row> rows = rows(10_000);
    Dataset<Row> kept = rows.where(col("id").mod(3).notEqual(0));
    ContentHash.Gathered gathered = ContentHash.gather(java.util.List.of(rows.columns()), col("id").mod(3).notEqual(0));
    io.lakeml.internal.quality.ObservedAnalysis observed = io.lakeml.internal.quality.ObservedAnalysis.on(rows, java.util.List.of(),
        gathered.aggregates());
    assertThat(observed.rows().count()).isEqualTo(10_000);
    assertThat(gathered.hash(observed.extras())).isEqualTo(ContentHash.of(kept)).isNotEqualTo(ContentHash.of(rows));
    assertThat(gathered.rowCount(observed.extras())).isEqualTo(kept.count());
  }

  @Test
  void ignoresOrderAndPartitioningButNotOneValue() {
    Dataset<Row> rows = rows(10_000);
    String hash = ContentHash.of(rows);
    assertThat(ContentHash.of(rows.repartition(5).orderBy(col("x").desc()))).isEqualTo(hash);
    assertThat(ContentHash.of(rows.withColumn("x", when(col("id").equalTo(4242), 0.5).otherwise(col("x")))))
        .isNotEqualTo(hash);
  }

  @Test
  void isDefinedForNoRows() {
    assertThat(ContentHash.of(rows(0))).isEqualTo(Hashing.sha256("id,name,x|0|0"));
  }
}
