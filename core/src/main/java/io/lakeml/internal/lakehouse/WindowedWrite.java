package io.lakeml.internal.lakehouse;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes rows into a Delta table partitioned by {@code event_date}, replacing exactly the given
 * window (replaceWhere) in one atomic commit: a rerun or a backfill never duplicates, and readers
 * see the old window or the new one, never a mix. The whole table is replaced for all dates.
 */
public final class WindowedWrite {
  private WindowedWrite() {}

  /** Deletes the window's rows (one commit); empty when no table exists yet. */
  public static java.util.Optional<Long> delete(
      org.apache.spark.sql.SparkSession spark, String path, DateWindow window, String runId) {
    if (!DeltaTables.exists(spark, path)) {
      return java.util.Optional.empty();
    }
    if (DeltaTables.fileCount(spark, path) == 0) {
      return DeltaTables.latestVersion(spark, path); // nothing to delete: no commit, no scan
    }
    spark.conf().set("spark.databricks.delta.commitInfo.userMetadata", "lakeml run " + runId);
    try {
      io.delta.tables.DeltaTable.forPath(spark, path).delete(window.predicate(DatasetConfig.EVENT_DATE));
    } finally {
      spark.conf().unset("spark.databricks.delta.commitInfo.userMetadata");
    }
    return DeltaTables.latestVersion(spark, path);
  }

  /** Writes and returns the Delta version committed. */
  public static long write(Dataset<Row> rows, String path, DateWindow window, String runId) {
    return write(rows, path, window, runId, Map.of());
  }

  /** Writes with these {@link TableProperties} and returns the Delta version committed. */
  public static long write(Dataset<Row> rows, String path, DateWindow window, String runId,
      Map<String, String> properties) {
    return stage(rows, path, window, runId, properties).commit();
  }

  /**
   * Writes the window's files without committing them (see {@link StagedWrite}): the caller
   * commits once it has judged what was written, or aborts.
   */
  public static StagedWrite stage(Dataset<Row> rows, String path, DateWindow window, String runId,
      Map<String, String> properties) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("userMetadata", "lakeml run " + runId);
    if (window.isAll()) {
      options.put("overwriteSchema", "true");
    } else {
      options.put("replaceWhere", window.predicate(DatasetConfig.EVENT_DATE));
    }
    return StagedWrite.stage(rows, path, List.of(DatasetConfig.EVENT_DATE), properties, options);
  }
}
