package io.lakeml.dataset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A row's identity when the data has no key: a 64-bit hash of its declared values. Identical rows
 * share it (and so always land in the same train/validation/test part). Prepared tables do not
 * store it (random 64-bit values were half of their bytes and a tenth of the write); readers add
 * it with {@link #with}, a pure function of the stored declared columns.
 */
public final class RowIdentity {
  public static final String COLUMN = "row_hash";

  private RowIdentity() {}

  /** {@code rows} (holding every declared column) with the identity in {@link #COLUMN}. */
  public static Dataset<Row> with(Dataset<Row> rows, DatasetConfig dataset) {
    return rows.withColumn(COLUMN, of(dataset));
  }

  public static Column of(DatasetConfig dataset) {
    return xxhash64(dataset.columnNames().stream().map(n -> col(SchemaContract.quote(n))).toArray(Column[]::new));
  }

  /** The scored table's {@code row_id}: a hash of a row's declared serving values, stable across runs. */
  public static final String SERVING_ID = "row_id";

  /**
   * {@link #SERVING_ID} of typed serving rows: scoring writes it, monitoring recomputes it from the
   * source to match labels and inputs to the scored rows.
   */
  public static Column servingId(DatasetConfig d) {
    return org.apache.spark.sql.functions.xxhash64(d.servingColumns().stream()
        .map(c -> org.apache.spark.sql.functions.col(SchemaContract.quote(c.name()))).toArray(Column[]::new));
  }
}
