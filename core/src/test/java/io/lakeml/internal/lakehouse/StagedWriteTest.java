package io.lakeml.internal.lakehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedWriteTest {
  private static final LocalDate MAY_1 = LocalDate.parse("2001-05-01");
  private final SparkSession spark = SparkTestSession.get();

  /** {@code n} rows spread over May 1-3, values tagged so a replacement is visible. */
  private Dataset<Row> rows(int n, String tag) {
    return spark.range(n).select(col("id"), lit(tag).as("tag"),
        date_add(to_date(lit(MAY_1.toString())), col("id").mod(3).cast("int")).as(DatasetConfig.EVENT_DATE));
  }

  private long count(String path, String where) {
    return spark.read().format("delta").load(path).where(where).count();
  }

  private static long parquetFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void stagedFilesAreInvisibleUntilCommitAndCountTheirRows(@TempDir Path dir) throws IOException {
    String path = dir.resolve("t").toUri().toString();
    StagedWrite staged = WindowedWrite.stage(rows(30, "a"), path, DateWindow.ALL, "r1", Map.of());

    assertThat(parquetFiles(dir.resolve("t"))).isPositive();
    assertThat(DeltaTables.exists(spark, path)).isFalse();
    assertThat(staged.rowCount()).isEqualTo(30);
    assertThat(staged.files()).hasSize((int) parquetFiles(dir.resolve("t")));
    assertThat(spark.read().parquet(staged.files().toArray(String[]::new)).where("tag = 'a'").count()).isEqualTo(30);

    assertThat(staged.commit()).isZero();
    assertThat(count(path, "tag = 'a'")).isEqualTo(30);
    assertThatThrownBy(staged::commit).isInstanceOf(LakemlException.class).hasMessageContaining("already committed");
  }

  @Test
  void aStagedWindowReplacesExactlyThatWindowOnCommit(@TempDir Path dir) {
    String path = dir.resolve("t").toUri().toString();
    WindowedWrite.write(rows(30, "old"), path, DateWindow.ALL, "r1", Map.of());
    StagedWrite staged = WindowedWrite.stage(rows(30, "new").where("event_date = DATE'2001-05-01'"), path,
        DateWindow.day(MAY_1), "r2", Map.of());

    assertThat(count(path, "tag = 'new'")).as("readers before the commit").isZero();
    assertThat(staged.commit()).isEqualTo(1);
    assertThat(count(path, "event_date = DATE'2001-05-01'")).isEqualTo(10);
    assertThat(count(path, "event_date = DATE'2001-05-01' AND tag = 'new'")).isEqualTo(10);
    assertThat(count(path, "event_date > DATE'2001-05-01' AND tag = 'old'")).isEqualTo(20);
  }

  @Test
  void anAbortedWriteLeavesTheTableAndItsDirectoryAsTheyWere(@TempDir Path dir) throws IOException {
    String path = dir.resolve("t").toUri().toString();
    WindowedWrite.write(rows(30, "old"), path, DateWindow.ALL, "r1", Map.of());
    long filesBefore = parquetFiles(dir.resolve("t"));
    StagedWrite staged = WindowedWrite.stage(rows(30, "new"), path, DateWindow.ALL, "r2", Map.of());
    assertThat(parquetFiles(dir.resolve("t"))).isGreaterThan(filesBefore);

    staged.abort();

    assertThat(parquetFiles(dir.resolve("t"))).isEqualTo(filesBefore);
    assertThat(DeltaTables.latestVersion(spark, path)).contains(0L);
    assertThat(count(path, "tag = 'old'")).isEqualTo(30);
    assertThatThrownBy(staged::commit).isInstanceOf(LakemlException.class);
  }

  @Test
  void nothingIsCommittedForNoRowsUnlessATableIsCreated(@TempDir Path dir) {
    String path = dir.resolve("t").toUri().toString();
    Dataset<Row> none = rows(30, "a").where("id < 0");

    assertThat(WindowedWrite.stage(none, path, DateWindow.day(MAY_1), "r1", Map.of()).commitIfAny())
        .as("a table is created, empty").contains(0L);
    assertThat(WindowedWrite.stage(none, path, DateWindow.day(MAY_1), "r2", Map.of()).commitIfAny())
        .as("no rows, none to replace").isEmpty();
    WindowedWrite.write(rows(30, "a"), path, DateWindow.ALL, "r3", Map.of());
    assertThat(WindowedWrite.stage(none, path, DateWindow.day(MAY_1), "r4", Map.of()).commitIfAny())
        .as("the day's rows are replaced by none").contains(2L);
    assertThat(count(path, "true")).isEqualTo(20);
  }

  @Test
  void parquetTablePropertiesReachTheWriterOfEveryFile(@TempDir Path dir) throws IOException {
    String path = dir.resolve("t").toUri().toString();
    Dataset<Row> rows = rows(3_000, "a").withColumn("hash", org.apache.spark.sql.functions.xxhash64(col("id")));
    WindowedWrite.write(rows, path, DateWindow.ALL, "r1", TableProperties.noDictionary(List.of("hash")));

    Path file;
    try (Stream<Path> files = Files.walk(dir.resolve("t"))) {
      file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile
        .fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration()))) {
      var columns = reader.getFooter().getBlocks().get(0).getColumns();
      var encodings = new java.util.HashMap<String, String>();
      columns.forEach(c -> encodings.put(c.getPath().toDotString(), c.getEncodings().toString()));
      assertThat(encodings.get("hash")).doesNotContain("DICTIONARY");
      assertThat(encodings.get("tag")).contains("DICTIONARY");
    }
  }

  @Test
  void rowsOutsideTheStagedWindowAreRefusedBeforeAnythingIsCommitted(@TempDir Path dir) {
    String path = dir.resolve("t").toUri().toString();
    WindowedWrite.write(rows(30, "old"), path, DateWindow.ALL, "r1", Map.of());

    assertThatThrownBy(() -> WindowedWrite.stage(rows(30, "new"), path, DateWindow.day(MAY_1), "r2", Map.of()))
        .hasMessageContaining("DELTA_REPLACE_WHERE_MISMATCH");
    assertThat(DeltaTables.latestVersion(spark, path)).contains(0L);
  }
}
