package io.lakeml.dataset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;

/**
 * A row's identity when the data has no key: a 64-bit hash of its declared values. Identical rows
 * share it (and so always land in the same train/validation/test part).
 */
public final class RowIdentity {
  public static final String COLUMN = "row_hash";

  private RowIdentity() {}

  public static Column of(DatasetConfig dataset) {
    return xxhash64(dataset.columnNames().stream().map(n -> col(SchemaContract.quote(n))).toArray(Column[]::new));
  }
}
