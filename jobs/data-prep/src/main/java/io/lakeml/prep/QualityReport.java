package io.lakeml.prep;

import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The quality report of a run as rows of {@code quality_<dataset>} (append-only: one set of rows
 * per run): every check with its measured value and status, the counts, and the notes.
 */
final class QualityReport {
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType)
      .add("dataset", DataTypes.StringType)
      .add("window", DataTypes.StringType)
      .add("kind", DataTypes.StringType)
      .add("check", DataTypes.StringType)
      .add("name", DataTypes.StringType)
      .add("level", DataTypes.StringType)
      .add("status", DataTypes.StringType)
      .add("value", DataTypes.DoubleType)
      .add("message", DataTypes.StringType)
      .add("recorded_at", DataTypes.TimestampType);

  private QualityReport() {}

  static void append(SparkSession spark, Lakehouse lakehouse, PrepResult r, String runId) {
    Timestamp now = Timestamp.from(Instant.now());
    String window = r.window().toString();
    List<Row> rows = new ArrayList<>();
    for (CheckOutcome o : r.outcomes()) {
      rows.add(RowFactory.create(runId, r.dataset(), window, "check", o.check(), o.constraint(), o.level(),
          o.passed() ? "PASSED" : "FAILED", o.value().orElse(null), o.message(), now));
    }
    rows.add(count(runId, r, window, "rows_read", r.rowsRead(), now));
    rows.add(count(runId, r, window, "rows_accepted", r.rowsAccepted(), now));
    rows.add(count(runId, r, window, "rows_quarantined", r.rowsQuarantined(), now));
    r.reasons().forEach((code, n) -> rows.add(RowFactory.create(runId, r.dataset(), window, "reason", "",
        code, "", "", (double) n, "", now)));
    r.notes().forEach(n -> rows.add(RowFactory.create(runId, r.dataset(), window, "note", "", "", "", "",
        null, n, now)));
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("append") // one small file
        .option("userMetadata", "lakeml run " + runId)
        .save(lakehouse.tablePath(TableNames.quality(r.dataset())));
  }

  private static Row count(String runId, PrepResult r, String window, String name, long value, Timestamp now) {
    return RowFactory.create(runId, r.dataset(), window, "count", "", name, "", "", (double) value, "", now);
  }
}
