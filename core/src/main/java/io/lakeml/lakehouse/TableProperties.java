package io.lakeml.lakehouse;

import static io.lakeml.errors.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * Delta table properties lakeml sets on the tables it writes. They go in as writer options, which
 * Delta records when the write creates the table; for a table that exists, {@link #prepare} sets
 * what it lacks before the write, so the write's own commit stays the table's latest version.
 */
public final class TableProperties {
  /**
   * Columns Delta keeps min/max/null-count statistics for. By default it keeps them for the first
   * 32 columns of every file, paid for on every row written (string columns copy each value);
   * lakeml keeps them for the columns readers select rows by. Only numbers, strings, dates and
   * timestamps can have them.
   */
  public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /**
   * Parquet writer settings kept as table properties: Delta hands a table's properties to the
   * Parquet writer of every write into it, so they apply to each writer of the table.
   */
  public static final String NO_DICTIONARY = "parquet.enable.dictionary#";

  private TableProperties() {}

  /**
   * Plain encoding for these columns, whose values hardly repeat (hashes, scores): Parquet would
   * build a dictionary for each file, see it fill and fall back, paying for both on every value.
   */
  public static Map<String, String> noDictionary(List<String> columns) {
    Map<String, String> p = new LinkedHashMap<>();
    columns.forEach(c -> p.put(NO_DICTIONARY + c, "false"));
    return p;
  }

  /** Statistics on exactly these columns (at least one). */
  public static Map<String, String> statsOn(List<String> columns) {
    checkArgument(!columns.isEmpty(), "Cannot keep statistics on no columns: name at least one");
    Map<String, String> p = new LinkedHashMap<>();
    p.put(STATS_COLUMNS, columns.stream().map(c -> "`" + c.replace("`", "``") + "`").collect(Collectors.joining(",")));
    return p;
  }

  /**
   * The statistics columns {@code properties} name (as {@link #statsOn} writes them); empty when
   * they name none, which a writer of its own must refuse (Delta's default is the first 32).
   */
  public static List<String> statsColumns(Map<String, String> properties) {
    String names = properties.get(STATS_COLUMNS);
    if (names == null) {
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    for (String quoted : names.split(",(?=`)")) {
      out.add(quoted.substring(1, quoted.length() - 1).replace("``", "`"));
    }
    return out;
  }

  /** The columns {@code properties} write without a dictionary (see {@link #noDictionary}). */
  public static List<String> noDictionaryColumns(Map<String, String> properties) {
    return properties.entrySet().stream().filter(e -> e.getKey().startsWith(NO_DICTIONARY) && "false".equals(e.getValue()))
        .map(e -> e.getKey().substring(NO_DICTIONARY.length())).toList();
  }

  /**
   * Before a write that passes {@code wanted} as writer options: an existing table gets the
   * properties it lacks (see {@link #prepare}). True when they must be set again after the write
   * with {@link #ensure} (a rebuild that changes the schema).
   */
  public static boolean prepareForWrite(SparkSession spark, String path, Map<String, String> wanted) {
    return !wanted.isEmpty() && DeltaTables.exists(spark, path) && prepare(spark, path, wanted);
  }

  /**
   * Before a write into the existing table at {@code path}: sets the properties it lacks. Delta
   * checks a statistics setting against the table's schema, so when the wanted columns are not in
   * the current schema (a rebuild that changes it) the old setting is dropped instead, and this
   * returns true: call {@link #ensure} after the write.
   */
  static boolean prepare(SparkSession spark, String path, Map<String, String> wanted) {
    try {
      ensure(spark, path, wanted);
      return false;
    } catch (Exception e) { // Scala throws the checked AnalysisException undeclared
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      spark.sql("ALTER TABLE " + table(path) + " UNSET TBLPROPERTIES IF EXISTS ('" + STATS_COLUMNS + "')");
      return true;
    }
  }

  /** Sets those of {@code wanted} that the table at {@code path} does not carry yet (one commit, or none). */
  public static void ensure(SparkSession spark, String path, Map<String, String> wanted) {
    if (wanted.isEmpty()) {
      return;
    }
    Map<String, String> current = DeltaTables.properties(spark, path);
    Map<String, String> missing = new LinkedHashMap<>(wanted);
    missing.entrySet().removeIf(e -> e.getValue().equals(current.get(e.getKey())));
    if (!missing.isEmpty()) {
      String set = missing.entrySet().stream().map(e -> literal(e.getKey()) + " = " + literal(e.getValue()))
          .collect(Collectors.joining(", "));
      spark.sql("ALTER TABLE " + table(path) + " SET TBLPROPERTIES (" + set + ")");
    }
  }

  private static String table(String path) {
    return "delta.`" + path.replace("`", "``") + "`";
  }

  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
