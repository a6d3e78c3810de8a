package io.lakeml.internal.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.dataset.ViolationCode;
import io.lakeml.internal.lakehouse.WindowedWrite;
import io.lakeml.internal.source.RawSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** What a quarantine write committed: its version, and its rows per reason code. */
  public record Written(long version, Map<String, Long> reasons) {
    public long rows() {
      return reasons.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Writes the {@link #rows} of a window, counting them per reason code while they are written (no
   * read of the table afterwards).
   */
  public static Written writeCounted(Dataset<Row> quarantined, String path, DateWindow window, String runId) {
    Map<String, Column> counters = new LinkedHashMap<>();
    for (ViolationCode code : ViolationCode.values()) {
      counters.put(code.name(), sum(when(col("reason_code").equalTo(code.name()), 1L)));
    }
    ObservedAnalysis counted = ObservedAnalysis.on(quarantined, List.of(), counters);
    long version = write(counted.rows(), path, window, runId);
    Map<String, Long> reasons = new LinkedHashMap<>();
    counted.extras().forEach((code, n) -> {
      if (n != null) {
        reasons.put(code, ((Number) n).longValue()); // null: no row with this code
      }
    });
    return new Written(version, reasons);
  }

  /**
   * Empties the window when a run rejected nothing, so a rerun never leaves an earlier run's
   * rejects behind; cheaper than writing an empty result. A table that does not exist yet is
   * created empty, with the schema rejected rows of {@code contracted} would have, so the
   * "read = accepted + quarantined" query works from the first clean run.
   */
  public static java.util.Optional<Long> clear(Dataset<Row> contracted, String path, DateWindow window, String runId) {
    SparkSession spark = contracted.sparkSession();
    if (!io.lakeml.internal.lakehouse.DeltaTables.exists(spark, path)) {
      return java.util.Optional.of(io.lakeml.internal.lakehouse.DeltaTables.createIfMissing(spark, path,
          rows(contracted, runId).schema(), List.of(DatasetConfig.EVENT_DATE)));
    }
    return WindowedWrite.delete(spark, path, window, runId);
  }
}
