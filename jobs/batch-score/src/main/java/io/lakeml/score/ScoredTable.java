package io.lakeml.score;

import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta table {@code scored_<dataset>}, partitioned by {@code score_date}. Each date is
 * written with replaceWhere in one atomic commit: a rerun or a backfill replaces that date exactly
 * (no duplicates, no gaps), and a reader sees the old rows or the new ones, never a mix. The run id
 * and model version ride in the commit's user metadata. Log and deleted-file retention are set on
 * the table so that time travel covers the configured days even after a VACUUM with defaults.
 */
final class ScoredTable {
  private ScoredTable() {}

  /** The table properties a scored table carries. */
  static Map<String, String> properties(int retentionDays) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("delta.logRetentionDuration", "interval " + retentionDays + " days");
    p.put("delta.deletedFileRetentionDuration", "interval " + retentionDays + " days");
    return p;
  }

  /**
   * Replaces one date; returns the Delta version of that commit, found by its run id (a concurrent
   * run scoring another date may commit in between), or empty when Delta committed nothing.
   */
  static java.util.Optional<Long> write(Dataset<Row> scored, String path, LocalDate date, int retentionDays,
      String runId, String userMetadata) {
    SparkSession spark = scored.sparkSession();
    scored.write().format("delta").mode(SaveMode.Overwrite)
        .partitionBy(ScoredRows.SCORE_DATE)
        .option("replaceWhere", ScoredRows.SCORE_DATE + " = DATE'" + date + "'")
        .option("userMetadata", userMetadata)
        .save(path);
    java.util.List<Row> commits = DeltaTable.forPath(spark, path).history(20)
        .where(org.apache.spark.sql.functions.col("userMetadata").contains("\"run_id\":\"" + runId + "\""))
        .select("version").collectAsList();
    ensureRetention(spark, path, retentionDays);
    return commits.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(commits.get(0).getLong(0));
  }

  // Set after the first write (one extra commit, once): Delta's create-table builder refuses
  // file: locations written as URIs, which the local lakehouse root is.
  private static void ensureRetention(SparkSession spark, String path, int retentionDays) {
    Map<String, String> wanted = properties(retentionDays);
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    Map<String, String> current = detail.getJavaMap(detail.fieldIndex("properties"));
    if (!current.entrySet().containsAll(wanted.entrySet())) {
      StringBuilder set = new StringBuilder();
      wanted.forEach((k, v) -> set.append(set.length() == 0 ? "" : ", ").append('\'').append(k).append("' = '").append(v).append('\''));
      spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + set + ")");
    }
  }
}
