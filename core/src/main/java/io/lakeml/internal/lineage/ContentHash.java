package io.lakeml.internal.lineage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.lakeml.internal.spark.ExactSum;
import io.lakeml.internal.util.Hashing;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A hash of a table's content that does not depend on row order, partitioning or file names: the
 * row count and the exact sum of a 64-bit hash of every row (column names included), in SHA-256.
 * Equal content gives equal hashes; one changed value changes it. One aggregation pass.
 */
public final class ContentHash {
  private static final int SLICES = 4;
  private static final String SLICE = "content_hash_slice_";
  private static final String ROWS = "content_hash_rows";
  private static final String SUM = "content_hash_sum";
  private ContentHash() {}

  public static String of(Dataset<Row> rows) {
    String[] names = sortedNames(rows);
    Row r = rows.agg(count(lit(1)).as(ROWS), sliceSums(names)).first();
    return digest(names, r.getLong(0), exactSum(s -> r.get(1 + s)));
  }

  /**
   * The same hash of {@code columns} of the rows where {@code where} holds, as named aggregates to
   * add to the observation of a pass that runs anyway (such as the write, which also gathers the
   * checks): no pass of its own. {@link Gathered#hash} reads it from the observed metrics. The
   * columns must be exactly those the hashed rows have. The hashes are summed by one exact 128-bit
   * aggregate ({@link ExactSum}): in an observation each aggregate costs per row, and the four
   * slice sums of {@link #of} cost four.
   */
  public static Gathered gather(List<String> columns, Column where) {
    String[] names = columns.toArray(String[]::new);
    Arrays.sort(names);
    Column included = coalesce(where.cast("long"), lit(0L));
    Map<String, Column> aggregates = new LinkedHashMap<>();
    aggregates.put(ROWS, sum(included).as(ROWS));
    aggregates.put(SUM, ExactSum.of(when(included.equalTo(1L), rowHash(names))).as(SUM));
    return new Gathered(names, aggregates);
  }

  /** A content hash gathered in another pass's observation. */
  public record Gathered(String[] names, Map<String, Column> aggregates) {
    /** The hash, from the observed metrics (which may hold others too). */
    public String hash(Map<String, Object> observed) {
      return digest(names, rowCount(observed), new BigDecimal(ExactSum.value(observed.get(SUM))));
    }

    public long rowCount(Map<String, Object> observed) {
      Object rows = observed.get(ROWS); // null: no rows at all
      return rows == null ? 0 : ((Number) rows).longValue();
    }
  }

  private static String[] sortedNames(Dataset<Row> rows) {
    String[] names = rows.columns().clone();
    Arrays.sort(names);
    return names;
  }

  private static Column rowHash(String[] names) {
    Column[] cols = Arrays.stream(names).map(n -> col("`" + n.replace("`", "``") + "`")).toArray(Column[]::new);
    return xxhash64(cols);
  }

  // The exact sum of the 64-bit row hashes, as four long sums of 16-bit slices (the top one
  // signed): no sum can overflow below 2^47 rows, and no cast can fail under ANSI mode. (A decimal
  // sum gives the same number but allocates a BigDecimal per row: it was a tenth of the write.)
  private static Column[] sliceSums(String[] names) {
    Column h = rowHash(names);
    Column[] sums = new Column[SLICES];
    for (int s = 0; s < SLICES; s++) {
      sums[s] = sum(slice(h, s)).as(SLICE + s);
    }
    return sums;
  }

  private static Column slice(Column hash, int s) {
    return s == 0 ? shiftright(hash, 48) : shiftrightunsigned(hash, 48 - 16 * s).bitwiseAND(lit(0xFFFFL));
  }

  private static BigDecimal exactSum(java.util.function.IntFunction<Object> sliceSum) {
    BigInteger total = BigInteger.ZERO;
    for (int s = 0; s < SLICES; s++) {
      Object part = sliceSum.apply(s); // null when there are no rows
      total = total.shiftLeft(16).add(BigInteger.valueOf(part == null ? 0 : ((Number) part).longValue()));
    }
    return new BigDecimal(total);
  }

  private static String digest(String[] names, long rowCount, BigDecimal sum) {
    return Hashing.sha256(String.join(",", names) + "|" + rowCount + "|" + sum.toPlainString());
  }
}
