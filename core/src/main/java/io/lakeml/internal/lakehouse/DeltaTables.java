package io.lakeml.internal.lakehouse;

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

  /**
   * Creates the table at {@code path} empty, with {@code schema} and its partitioning, unless it
   * exists (Delta's own writer; column mapping when a name needs it): a table a job owns exists
   * from its first successful run, so queries over it never fail on a day it had nothing to write.
   * Returns the table's latest version.
   */
  public static long createIfMissing(SparkSession spark, String path, org.apache.spark.sql.types.StructType schema,
      java.util.List<String> partitionColumns) {
    if (!exists(spark, path)) {
      // Delta's writer with no rows: one commit that creates the table ("ignore": another writer won).
      spark.createDataFrame(java.util.List.<org.apache.spark.sql.Row>of(), schema.asNullable()).write().format("delta")
          .mode(org.apache.spark.sql.SaveMode.Ignore).partitionBy(partitionColumns.toArray(String[]::new))
          .options(TableProperties.columnMappingFor(schema)).save(path);
    }
    return latestVersion(spark, path).orElseThrow();
  }

  private static org.apache.spark.sql.delta.Snapshot snapshot(SparkSession spark, String path) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path)
        .update(false, scala.Option.empty(), scala.Option.empty());
  }
}
