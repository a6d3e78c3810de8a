package io.lakeml.lakehouse;

import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Small questions about Delta tables by path. */
public final class DeltaTables {
  private DeltaTables() {}

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /** Data files in the current snapshot, from the Delta log alone (no Spark job). */
  public static long fileCount(SparkSession spark, String path) {
    return snapshot(spark, path).numOfFiles();
  }

  /** The latest committed version, or empty when no table is there (from the log: no Spark job). */
  public static Optional<Long> latestVersion(SparkSession spark, String path) {
    if (!exists(spark, path)) {
      return Optional.empty();
    }
    return Optional.of(snapshot(spark, path).version());
  }

  /** The table's properties, from its snapshot in the Delta log (DESCRIBE DETAIL runs a Spark job for them). */
  public static java.util.Map<String, String> properties(SparkSession spark, String path) {
    return scala.collection.JavaConverters.mapAsJavaMap(snapshot(spark, path).metadata().configuration());
  }

  private static org.apache.spark.sql.delta.Snapshot snapshot(SparkSession spark, String path) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path)
        .update(false, scala.Option.empty(), scala.Option.empty());
  }
}
