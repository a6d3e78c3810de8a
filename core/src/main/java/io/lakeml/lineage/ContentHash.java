package io.lakeml.lineage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

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
  private ContentHash() {}

  public static String of(Dataset<Row> rows) {
    String[] names = sortedNames(rows);
    Row r = rows.agg(count(lit(1)).as("rows"), sum(rowHash(names)).as("hash_sum")).first();
    return digest(names, r.getLong(0), r.get(1));
  }

  /**
   * The same hash, gathered while an action that reads {@code rows} anyway (such as the write)
   * runs: no pass of its own. Read it with {@link Observed#hash()} after that action.
   */
  public static Observed observe(Dataset<Row> rows) {
    String[] names = sortedNames(rows);
    Observation observation = new Observation("content_hash");
    Dataset<Row> observed = rows.observe(observation, count(lit(1)).as("rows"), sum(rowHash(names)).as("hash_sum"));
    return new Observed(observed, observation, names);
  }

  /** A dataset that computes its content hash as a side effect of the first action on it. */
  public record Observed(Dataset<Row> rows, Observation observation, String[] names) {
    public String hash() {
      java.util.Map<String, Object> m = metrics();
      return digest(names, ((Number) m.get("rows")).longValue(), m.get("hash_sum"));
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
    return xxhash64(cols).cast("decimal(38,0)"); // decimal: the sum must not overflow
  }

  private static String digest(String[] names, long rowCount, Object hashSum) {
    // An empty table sums to null; normalise so the digest is defined.
    java.math.BigDecimal sum = hashSum == null ? java.math.BigDecimal.ZERO : new java.math.BigDecimal(hashSum.toString());
    return Hashing.sha256(String.join(",", names) + "|" + rowCount + "|" + sum.toPlainString());
  }
}
