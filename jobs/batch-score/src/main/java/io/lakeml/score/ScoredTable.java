package io.lakeml.score;

import io.delta.tables.DeltaTable;
import io.lakeml.lakehouse.TableProperties;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
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
 * The properties go in with the write that creates the table.
 */
final class ScoredTable {
  private ScoredTable() {}

  /**
   * The table properties a scored table carries: retention for time travel, and statistics on the
   * columns analysts select scored rows by besides the date partition (model version, score).
   */
  static Map<String, String> properties(int retentionDays) {
    Map<String, String> p = new LinkedHashMap<>(TableProperties.statsOn(List.of("model_version", "score")));
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
    Map<String, String> properties = properties(retentionDays);
    TableProperties.around(spark, path, properties, () -> {
      scored.write().format("delta").mode(SaveMode.Overwrite)
          .options(properties)
          .partitionBy(ScoredRows.SCORE_DATE)
          .option("replaceWhere", ScoredRows.SCORE_DATE + " = DATE'" + date + "'")
          .option("userMetadata", userMetadata)
          .save(path);
      return null;
    });
    java.util.List<Row> commits = DeltaTable.forPath(spark, path).history(20)
        .where(org.apache.spark.sql.functions.col("userMetadata").contains("\"run_id\":\"" + runId + "\""))
        .select("version").collectAsList();
    return commits.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(commits.get(0).getLong(0));
  }
}
