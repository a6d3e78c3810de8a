package io.lakeml.internal.lakehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablePropertiesTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> rows(String column) {
    return spark.range(20).select(col("id").as(column), col("id").multiply(2).as("other"),
        to_date(lit("2001-05-01")).as(DatasetConfig.EVENT_DATE));
  }

  private Map<String, String> properties(String path) {
    return DeltaTable.forPath(spark, path).detail().first().getJavaMap(
        DeltaTable.forPath(spark, path).detail().schema().fieldIndex("properties"));
  }

  private long latest(String path) {
    return DeltaTables.latestVersion(spark, path).orElseThrow();
  }

  @Test
  void aNewTableGetsThemWithItsFirstCommitAndKeepsStatisticsOfThoseColumnsOnly(@TempDir Path dir) {
    String path = dir.resolve("t").toUri().toString();
    long version = WindowedWrite.write(rows("a"), path, DateWindow.ALL, "r1", TableProperties.statsOn(List.of("a")));

    assertThat(version).isZero();
    assertThat(properties(path)).containsEntry(TableProperties.STATS_COLUMNS, "`a`");
    String stats = spark.read().json(path + "/_delta_log/00000000000000000000.json").where("add IS NOT NULL")
        .select("add.stats").first().getString(0);
    assertThat(stats).contains("\"minValues\":{\"a\":0}").doesNotContain("other");
  }

  @Test
  void anOlderTableGetsThemInTheWritesOwnCommitOrNotAtAll(@TempDir Path dir) {
    String path = dir.resolve("t").toUri().toString();
    WindowedWrite.write(rows("a"), path, DateWindow.ALL, "r1");
    DateWindow may1 = DateWindow.day(LocalDate.parse("2001-05-01"));

    StagedWrite aborted = WindowedWrite.stage(rows("a"), path, may1, "r2", TableProperties.statsOn(List.of("a")));
    aborted.abort();
    assertThat(latest(path)).as("an aborted write changes nothing, properties included").isZero();
    assertThat(properties(path)).doesNotContainKey(TableProperties.STATS_COLUMNS);

    long version = WindowedWrite.write(rows("a"), path, may1, "r3", TableProperties.statsOn(List.of("a")));

    assertThat(properties(path)).containsEntry(TableProperties.STATS_COLUMNS, "`a`");
    assertThat(version).isEqualTo(1).isEqualTo(latest(path)); // the data and the properties, one commit
    assertThat(spark.read().format("delta").option("versionAsOf", version).load(path).count()).isEqualTo(20);
  }

  @Test
  void aRebuildThatDropsTheColumnsWithStatisticsMovesThemToTheNewOnes(@TempDir Path dir) {
    String path = dir.resolve("t").toUri().toString();
    WindowedWrite.write(rows("a"), path, DateWindow.ALL, "r1", TableProperties.statsOn(List.of("a")));

    long version = WindowedWrite.write(rows("b"), path, DateWindow.ALL, "r2", TableProperties.statsOn(List.of("b")));

    assertThat(properties(path)).containsEntry(TableProperties.STATS_COLUMNS, "`b`");
    assertThat(spark.read().format("delta").option("versionAsOf", version).load(path).count()).isEqualTo(20);
    assertThat(spark.read().format("delta").load(path).columns()).contains("b").doesNotContain("a");
  }

  @Test
  void statisticsColumnsAreReadAsLakemlOrDeltaWritesThem() {
    String ours = TableProperties.statsOn(List.of("model_version", "a,b", "x`y")).get(TableProperties.STATS_COLUMNS);
    assertThat(TableProperties.statsColumns(Map.of(TableProperties.STATS_COLUMNS, ours)))
        .containsExactly("model_version", "a,b", "x`y");
    // Delta rewrites the list unquoted once column mapping is turned on: the same columns, nothing to set again.
    assertThat(TableProperties.statsColumns(Map.of(TableProperties.STATS_COLUMNS, "model_version,score")))
        .containsExactly("model_version", "score");
    assertThat(TableProperties.carries(TableProperties.STATS_COLUMNS, "`model_version`,`score`", "model_version,score"))
        .isTrue();
    assertThat(TableProperties.carries(TableProperties.STATS_COLUMNS, "`model_version`,`score`", "model_version"))
        .isFalse();
    assertThat(TableProperties.carries("delta.logRetentionDuration", "interval 30 days", null)).isFalse();
  }

  @Test
  void statisticsOnNoColumnsAreRefused() {
    assertThatThrownBy(() -> TableProperties.statsOn(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot keep statistics on no columns");
  }
}
