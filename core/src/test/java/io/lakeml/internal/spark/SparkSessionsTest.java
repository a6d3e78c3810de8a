package io.lakeml.internal.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.config.Dl4jConfig;
import io.lakeml.config.SparkConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  private static Map<String, String> settings(Map<String, String> userProperties) {
    return SparkSessions.settings(new SparkConfig(Optional.empty(), "lakeml", 8, false, userProperties), new Dl4jConfig(1));
  }

  @Test
  void sessionsRunDeltaInUtcAndWriteTimestampsAsInt64Microseconds() {
    assertThat(settings(Map.of()))
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .containsEntry("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .containsEntry("spark.sql.session.timeZone", "UTC")
        .containsEntry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .containsEntry("spark.sql.shuffle.partitions", "8")
        .containsEntry("spark.executorEnv.OMP_NUM_THREADS", "1");
  }

  @Test
  void theUsersPassThroughPropertiesWin() {
    assertThat(settings(Map.of("spark.sql.parquet.outputTimestampType", "INT96")))
        .containsEntry("spark.sql.parquet.outputTimestampType", "INT96");
  }

  @Test
  void zonelessParquetTimestampsReadAsTimestampsOnlyInAUtcSession() {
    String infer = "spark.sql.parquet.inferTimestampNTZ.enabled";
    assertThat(settings(Map.of())).containsEntry(infer, "false");
    assertThat(settings(Map.of("spark.sql.session.timeZone", "Europe/Paris"))).doesNotContainKey(infer);
    assertThat(settings(Map.of(infer, "true"))).containsEntry(infer, "true");
  }

  @Test
  void localPathsGoThroughTheNioFileSystemUnlessHadoopsIsAskedFor() {
    String file = "spark.hadoop.fs.file.impl";
    String context = "spark.hadoop.fs.AbstractFileSystem.file.impl";
    assertThat(settings(Map.of()))
        .containsEntry(file, io.lakeml.internal.storage.NioLocalFileSystem.class.getName())
        .containsEntry(context, io.lakeml.internal.storage.NioLocalFs.class.getName());
    Map<String, String> hadoop = SparkSessions.settings(
        new SparkConfig(Optional.empty(), "lakeml", 8, false, Map.of(), SparkConfig.LocalFileSystem.HADOOP), new Dl4jConfig(1));
    assertThat(hadoop).doesNotContainKeys(file, context);
    assertThat(settings(Map.of(file, "org.apache.hadoop.fs.LocalFileSystem"))).containsEntry(file, "org.apache.hadoop.fs.LocalFileSystem");
  }
}
