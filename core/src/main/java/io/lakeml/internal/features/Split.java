package io.lakeml.internal.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.pmod;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The deterministic train / validation / test split: a row's part is decided by its identity
 * hash alone, so evaluation reproduces the test part exactly instead of storing it twice, and a
 * row never moves between parts when data is added.
 */
public record Split(double validationFraction, double testFraction) {
  public static final String ROW_HASH = io.lakeml.dataset.RowIdentity.COLUMN;
  private static final int BUCKETS = 10_000;

  public Dataset<Row> train(Dataset<Row> rows) {
    return rows.where(bucket().geq(threshold(testFraction + validationFraction)));
  }

  public Dataset<Row> validation(Dataset<Row> rows) {
    return rows.where(bucket().geq(threshold(testFraction)).and(bucket().lt(threshold(testFraction + validationFraction))));
  }

  public Dataset<Row> test(Dataset<Row> rows) {
    return rows.where(bucket().lt(threshold(testFraction)));
  }

  private static Column bucket() {
    return pmod(abs(col(ROW_HASH)), org.apache.spark.sql.functions.lit(BUCKETS));
  }

  private static int threshold(double fraction) {
    return (int) Math.round(fraction * BUCKETS);
  }
}
