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

  /** The latest committed version, or empty when no table is there. */
  public static Optional<Long> latestVersion(SparkSession spark, String path) {
    if (!exists(spark, path)) {
      return Optional.empty();
    }
    Row last = DeltaTable.forPath(spark, path).history(1).select("version").first();
    return Optional.of(last.getLong(0));
  }
}
