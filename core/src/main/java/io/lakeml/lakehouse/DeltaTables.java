package io.lakeml.lakehouse;

import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small questions about Delta tables by path. */
public final class DeltaTables {
  private DeltaTables() {}

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /** Data files in the current snapshot, from the Delta log alone. */
  public static long fileCount(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).detail().select("numFiles").first().getLong(0);
  }

  /** Rows the commit of {@code version} wrote, from Delta's own operation metrics. */
  public static long rowsWritten(SparkSession spark, String path, long version) {
    Row commit = DeltaTable.forPath(spark, path).history()
        .where("version = " + version).select("operationMetrics").first();
    java.util.Map<String, String> metrics = commit.getJavaMap(0);
    return Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
  }

  /** The latest committed version, or empty when no table is there. */
  public static Optional<Long> latestVersion(SparkSession spark, String path) {
    if (!exists(spark, path)) {
      return Optional.empty();
    }
    Row last = DeltaTable.forPath(spark, path).history(1).select("version").first();
    return Optional.of(last.getLong(0));
  }
}
