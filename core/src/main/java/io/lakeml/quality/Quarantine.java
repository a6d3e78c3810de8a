package io.lakeml.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.dataset.RawSource;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.lakehouse.WindowedWrite;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows that broke their contract, kept whole: the original values as read, every violated
 * rule, the first one's reason code, the source file and the run id. Written to
 * {@code quarantine_<dataset>} for the same window as the accepted rows, so a rerun replaces it.
 */
public final class Quarantine {
  private Quarantine() {}

  /** The rejected rows of contracted input, in the quarantine table's shape. */
  public static Dataset<Row> rows(Dataset<Row> contracted, String runId) {
    Column first = col(SchemaContract.FIRST_VIOLATION);
    return contracted
        .where(first.isNotNull())
        .select(
            col(DatasetConfig.EVENT_DATE),
            first.getField("code").as("reason_code"),
            first.getField("column").as("column"),
            col(SchemaContract.VIOLATIONS).as("violations"),
            col(SchemaContract.ORIGINAL).as("original"),
            col(RawSource.SOURCE_FILE).as("source_file"),
            lit(runId).as("run_id"),
            current_timestamp().as("quarantined_at"));
  }

  public static long write(Dataset<Row> quarantined, String path, DateWindow window, String runId) {
    return WindowedWrite.write(quarantined, path, window, runId);
  }

  /**
   * Empties the window when a run rejected nothing, so a rerun never leaves an earlier run's
   * rejects behind; cheaper than writing an empty result. Empty when there is no table yet.
   */
  public static java.util.Optional<Long> clear(SparkSession spark, String path, DateWindow window, String runId) {
    return WindowedWrite.delete(spark, path, window, runId);
  }
}
