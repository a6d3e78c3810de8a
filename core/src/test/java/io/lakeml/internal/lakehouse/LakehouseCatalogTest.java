package io.lakeml.internal.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakehouseCatalogTest {
  @TempDir Path root;
  final SparkSession spark = SparkTestSession.get();

  @Test
  void deltaTablesAreQueryableByNameWithTimeTravel() {
    Lakehouse lakehouse = new Lakehouse(root.toUri().toString());
    String path = lakehouse.tablePath("catalog_probe");
    spark.range(3).write().format("delta").save(path);
    spark.range(5).write().format("delta").mode("append").save(path);
    spark.range(2).write().parquet(lakehouse.tablePath("not_delta"));

    List<String> names = LakehouseCatalog.registerAll(spark, lakehouse);

    assertThat(names).contains("catalog_probe").doesNotContain("not_delta");
    assertThat(spark.sql("SELECT count(*) FROM catalog_probe").first().getLong(0)).isEqualTo(8);
    assertThat(spark.sql("SELECT count(*) FROM catalog_probe VERSION AS OF 0").first().getLong(0)).isEqualTo(3);
    assertThat(DeltaTables.latestVersion(spark, path)).contains(1L);
    assertThat(DeltaTables.latestVersion(spark, lakehouse.tablePath("absent"))).isEmpty();
    spark.sql("DROP TABLE IF EXISTS catalog_probe");
  }
}
