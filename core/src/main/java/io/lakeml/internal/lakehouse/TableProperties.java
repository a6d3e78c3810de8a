package io.lakeml.internal.lakehouse;

import static io.lakeml.errors.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  /** How many leading columns get statistics when {@link #STATS_COLUMNS} is not set (0: none, row counts only). */
  public static final String STATS_COUNT = "delta.dataSkippingNumIndexedCols";

  /**
   * Parquet writer settings kept as table properties: Delta hands a table's properties to the
   * Parquet writer of every write into it, so they apply to each writer of the table.
   */
  public static final String NO_DICTIONARY = "parquet.enable.dictionary#";

  /** Delta column mapping: files hold physical names, so a column may have any logical name. */
  public static final String COLUMN_MAPPING = "delta.columnMapping.mode";

  // What Delta refuses in a Parquet column name without column mapping (SchemaUtils.checkFieldNames).
  private static final String INVALID_NAME_CHARACTERS = " ,;{}()\n\t=";

  private TableProperties() {}

  /**
   * Column mapping by name when {@code schema} has a name Delta cannot store as a Parquet column
   * name (spaces, parentheses, commas, ...), nested names included; nothing otherwise, so tables
   * with plain names keep the simplest protocol every reader supports.
   */
  public static Map<String, String> columnMappingFor(org.apache.spark.sql.types.StructType schema) {
    return needsMapping(schema) ? Map.of(COLUMN_MAPPING, "name") : Map.of();
  }

  static boolean needsMapping(org.apache.spark.sql.types.DataType type) {
    if (type instanceof org.apache.spark.sql.types.StructType s) {
      for (org.apache.spark.sql.types.StructField f : s.fields()) {
        if (f.name().chars().anyMatch(ch -> INVALID_NAME_CHARACTERS.indexOf(ch) >= 0) || needsMapping(f.dataType())) {
          return true;
        }
      }
    } else if (type instanceof org.apache.spark.sql.types.ArrayType a) {
      return needsMapping(a.elementType());
    } else if (type instanceof org.apache.spark.sql.types.MapType m) {
      return needsMapping(m.keyType()) || needsMapping(m.valueType());
    }
    return false;
  }

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
   * The statistics columns {@code properties} name, as {@link #statsOn} writes them or as Delta
   * rewrites them (unquoted, once column mapping is turned on); empty when they name none, which a
   * writer of its own must refuse (Delta's default is the first 32).
   */
  public static List<String> statsColumns(Map<String, String> properties) {
    String names = properties.get(STATS_COLUMNS);
    return names == null ? List.of() : parseColumnList(names);
  }

  /** A comma-separated list of column names, each plain or quoted in backticks ({@code ``} for a backtick). */
  static List<String> parseColumnList(String names) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < names.length(); i++) {
      char c = names.charAt(i);
      if (c == '`' && quoted && i + 1 < names.length() && names.charAt(i + 1) == '`') {
        name.append('`');
        i++;
      } else if (c == '`') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(name.toString().trim());
        name.setLength(0);
      } else {
        name.append(c);
      }
    }
    if (!name.isEmpty()) {
      out.add(name.toString().trim());
    }
    return out;
  }

  /** Whether a table already carries {@code wanted} for {@code key}: equal, or the same statistics columns written another way. */
  public static boolean carries(String key, String wanted, String current) {
    if (current == null) {
      return false;
    }
    return wanted.equals(current)
        || (STATS_COLUMNS.equals(key) && parseColumnList(wanted).equals(parseColumnList(current)));
  }

  /** The columns {@code properties} write without a dictionary (see {@link #noDictionary}). */
  public static List<String> noDictionaryColumns(Map<String, String> properties) {
    return properties.entrySet().stream().filter(e -> e.getKey().startsWith(NO_DICTIONARY) && "false".equals(e.getValue()))
        .map(e -> e.getKey().substring(NO_DICTIONARY.length())).toList();
  }

  /**
   * Before a rebuild of the table at {@code path} with {@code schema}: drops a statistics setting
   * that names columns the new schema lacks, which Delta would refuse while replacing the schema.
   * The one property change lakeml commits ahead of a write, and only for such a rebuild (the
   * wanted properties follow the data's commit). True when it dropped something.
   */
  public static boolean dropStaleStatsColumns(SparkSession spark, String path, org.apache.spark.sql.types.StructType schema) {
    if (!DeltaTables.exists(spark, path)) {
      return false;
    }
    List<String> stats = statsColumns(DeltaTables.properties(spark, path));
    java.util.Set<String> columns = new java.util.HashSet<>();
    for (String c : schema.fieldNames()) {
      columns.add(c.toLowerCase(java.util.Locale.ROOT));
    }
    if (stats.stream().allMatch(c -> columns.contains(c.toLowerCase(java.util.Locale.ROOT)))) {
      return false;
    }
    spark.sql("ALTER TABLE " + table(path) + " UNSET TBLPROPERTIES IF EXISTS ('" + STATS_COLUMNS + "')");
    return true;
  }

  /** Sets those of {@code wanted} that the table at {@code path} does not carry yet (one commit, or none). */
  public static void ensure(SparkSession spark, String path, Map<String, String> wanted) {
    if (wanted.isEmpty()) {
      return;
    }
    Map<String, String> current = DeltaTables.properties(spark, path);
    Map<String, String> missing = new LinkedHashMap<>(wanted);
    missing.entrySet().removeIf(e -> carries(e.getKey(), e.getValue(), current.get(e.getKey())));
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
