package io.lakeml.lineage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * A hash of a table's content that does not depend on row order, partitioning or file names: the
 * row count and the exact sum of a 64-bit hash of every row (column names included), in SHA-256.
 * Equal content gives equal hashes; one changed value changes it. One aggregation pass.
 */
public final class ContentHash {
  private static final int SLICES = 4;
  private static final String SLICE = "hash_slice_";
  private ContentHash() {}

  public static String of(Dataset<Row> rows) {
    String[] names = sortedNames(rows);
    Row r = rows.agg(count(lit(1)).as("rows"), sliceSums(names)).first();
    return digest(names, r.getLong(0), exactSum(s -> r.get(1 + s)));
  }

  /**
   * The same hash, gathered while an action that reads {@code rows} anyway (such as the write)
   * runs: no pass of its own. Read it with {@link Observed#hash()} after that action.
   */
  public static Observed observe(Dataset<Row> rows) {
    String[] names = sortedNames(rows);
    Observation observation = new Observation("content_hash");
    Dataset<Row> observed = rows.observe(observation, count(lit(1)).as("rows"), sliceSums(names));
    return new Observed(observed, observation, names);
  }

  /** A dataset that computes its content hash as a side effect of the first action on it. */
  public record Observed(Dataset<Row> rows, Observation observation, String[] names) {
    public String hash() {
      java.util.Map<String, Object> m = metrics();
      return digest(names, ((Number) m.get("rows")).longValue(), exactSum(s -> m.get(SLICE + s)));
    }

    public long rowCount() {
      return ((Number) metrics().get("rows")).longValue();
    }

    private java.util.Map<String, Object> metrics() {
      try {
        return observation.getAsJava(); // returns at once: the action has already run
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while reading the content hash", e);
      }
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
    sums[0] = sum(shiftright(h, 48)).as(SLICE + 0);
    for (int s = 1; s < SLICES; s++) {
      sums[s] = sum(shiftrightunsigned(h, 48 - 16 * s).bitwiseAND(lit(0xFFFFL))).as(SLICE + s);
    }
    return sums;
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
