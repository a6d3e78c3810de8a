package io.lakeml.dataset;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.lakeml.errors.Errors;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * The schema contract of a dataset, applied the same way by data-prep and by scoring so training
 * and serving can never drift apart. Structural breaks (a missing column, a type that cannot be
 * cast at all, an extra column under the {@code fail} policy) stop the run as DATA errors before
 * any scan. Row-level breaks do not: each row gets a {@link #VIOLATIONS} list, empty when the row
 * honours the contract, the first of them in {@link #FIRST_VIOLATION}, and its original values in
 * {@link #ORIGINAL} for the quarantine table.
 */
public final class SchemaContract {
  /** array&lt;struct&lt;code: string, column: string&gt;&gt;, empty for an accepted row. */
  public static final String VIOLATIONS = "_violations";
  /**
   * The first violated rule, struct&lt;code, column&gt;, null for an accepted row: the same rules as
   * {@link #VIOLATIONS}, cheap enough to compute for every row (no array is built).
   */
  public static final String FIRST_VIOLATION = "_violation";
  /** struct of the row's declared columns as they were read, rendered as strings. */
  public static final String ORIGINAL = "_original";
  /** The file each row came from (added by the reader), kept for the quarantine table. */
  public static final String SOURCE_FILE = "_source_file";

  private final DatasetConfig dataset;
  private final boolean serving;
  private final Optional<LocalDate> processingDate;

  private SchemaContract(DatasetConfig dataset, boolean serving, Optional<LocalDate> processingDate) {
    this.dataset = dataset;
    this.serving = serving;
    this.processingDate = processingDate;
  }

  /** The contract of training data: every declared column is required. */
  public static SchemaContract forTraining(DatasetConfig dataset) {
    return new SchemaContract(dataset, false, Optional.empty());
  }

  /** The contract of scoring input: label-only columns may be absent. */
  public static SchemaContract forServing(DatasetConfig dataset) {
    return new SchemaContract(dataset, true, Optional.empty());
  }

  /**
   * The same contract for a run processing {@code date}: the event date of every row of a dataset
   * without an event time (ignored for one that has it).
   */
  public SchemaContract processing(LocalDate date) {
    return new SchemaContract(dataset, serving, Optional.of(date));
  }

  private List<ColumnSpec> required() {
    return serving ? dataset.servingColumns() : dataset.columns();
  }

  /**
   * Typed declared columns (plus extra ones under {@code keep}), the event date, the violations
   * and the original values. Lazy: nothing is read until the result is.
   *
   * @param source names the input in error messages (a path or table name)
   */
  public Dataset<Row> apply(Dataset<Row> raw, String source) {
    List<String> extras = checkStructure(raw, source);
    List<Column> out = new ArrayList<>();
    List<Column> violations = new ArrayList<>();
    List<Column> original = new ArrayList<>();
    for (ColumnSpec c : required()) {
      Column rawCol = raw.col(quote(c.name()));
      Column typed = typed(c);
      out.add(typed.as(c.name()));
      violations.addAll(RowRules.violations(c, rawCol, typed, dataset.eventTime().filter(c.name()::equals).isPresent()));
      original.add(rawCol.cast("string").as(c.name()));
    }
    if (dataset.extraColumns() == ExtraColumnsPolicy.KEEP) {
      extras.forEach(e -> out.add(raw.col(quote(e))));
    }
    if (List.of(raw.columns()).contains(SOURCE_FILE)) {
      out.add(raw.col(SOURCE_FILE)); // lineage of each row, for the quarantine table
    }
    out.add(eventDate(raw.sparkSession()).as(DatasetConfig.EVENT_DATE));
    Column[] flags = violations.toArray(Column[]::new);
    out.add(filter(org.apache.spark.sql.functions.array(flags), Column::isNotNull).as(VIOLATIONS));
    out.add((flags.length == 0 ? lit(null) : org.apache.spark.sql.functions.coalesce(flags)).as(FIRST_VIOLATION));
    out.add(struct(original.toArray(Column[]::new)).as(ORIGINAL));
    return raw.select(out.toArray(Column[]::new));
  }

  private List<String> checkStructure(Dataset<Row> raw, String source) {
    Set<String> present = new LinkedHashSet<>(List.of(raw.columns()));
    for (ColumnSpec c : required()) {
      if (!present.contains(c.name())) {
        throw Errors.missingColumn(source, c.name(), c.type(), present);
      }
      DataType found = raw.schema().apply(c.name()).dataType();
      if (!Cast.canCast(found, c.type().sparkType())) {
        throw Errors.uncastableColumn(source, c.name(), c.type(), found.simpleString());
      }
    }
    List<String> extras = new ArrayList<>();
    Set<String> declared = new LinkedHashSet<>(dataset.columnNames());
    for (StructField f : raw.schema().fields()) {
      if (!declared.contains(f.name()) && !f.name().equals(SOURCE_FILE)) {
        extras.add(f.name());
      }
    }
    if (!extras.isEmpty() && dataset.extraColumns() == ExtraColumnsPolicy.FAIL) {
      throw Errors.unexpectedColumns(source, extras);
    }
    return extras;
  }

  private Column typed(ColumnSpec c) {
    return expr(typedSql(c));
  }

  // try_cast: an unparseable value becomes null (and a violation), whatever spark.sql.ansi says.
  // A declared format parses text with Spark's datetime patterns, as leniently (null, not an error).
  private static String typedSql(ColumnSpec c) {
    if (c.format().isPresent()) {
      String parsed = "try_to_timestamp(CAST(" + quote(c.name()) + " AS STRING), '" + c.format().get().replace("'", "\\'") + "')";
      return c.type() == ColumnType.DATE ? "CAST(" + parsed + " AS DATE)" : parsed;
    }
    return "try_cast(" + quote(c.name()) + " AS " + c.type().sparkType().sql() + ")";
  }

  /**
   * The event date ({@link DatasetConfig#EVENT_DATE}) of rows holding the event-time column, as
   * {@link #apply} computes it (derived expressions may use it). With a UTC session (lakeml's default) a timestamp's date is plain integer
   * arithmetic on its microseconds: Spark's {@code to_date} goes through java.time for every row,
   * which was a tenth of a scoring run. Any other session zone takes {@code to_date}.
   */
  public Column eventDate(org.apache.spark.sql.SparkSession spark) {
    if (dataset.eventTime().isEmpty()) {
      LocalDate date = processingDate.orElseThrow(() -> new IllegalStateException(
          "Dataset " + dataset.name() + " has no event time: the contract needs the run's processing date"));
      return lit(java.sql.Date.valueOf(date));
    }
    ColumnSpec time = dataset.column(dataset.eventTime().get());
    String zone = spark.conf().get("spark.sql.session.timeZone");
    if (time.type() != ColumnType.TIMESTAMP || time.format().isPresent() || !io.lakeml.internal.util.TimeZones.isUtc(zone)) {
      return to_date(typed(time));
    }
    String micros = "unix_micros(" + typedSql(time) + ")";
    long day = 86_400_000_000L;
    return expr("date_from_unix_date(cast((" + micros + " - pmod(" + micros + ", " + day + "L)) div " + day + "L AS INT))");
  }

  /** Backquotes a column name for Spark SQL, so names with spaces or dots are taken whole. */
  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Row-level rules of one column, as nullable violation structs. */
  static final class RowRules {
    private RowRules() {}

    static List<Column> violations(ColumnSpec c, Column raw, Column typed, boolean eventTime) {
      List<Column> v = new ArrayList<>();
      if (!c.nullable()) {
        v.add(flag(raw.isNull(), ViolationCode.NULL_REQUIRED, c));
      } else if (eventTime) {
        v.add(flag(raw.isNull(), ViolationCode.NO_EVENT_TIME, c)); // it would belong to no date
      }
      v.add(flag(raw.isNotNull().and(typed.isNull()), ViolationCode.UNPARSEABLE, c));
      Column nonFinite = lit(false);
      if (c.type() == ColumnType.DOUBLE) {
        nonFinite = org.apache.spark.sql.functions.isnan(typed)
            .or(typed.equalTo(lit(Double.POSITIVE_INFINITY)))
            .or(typed.equalTo(lit(Double.NEGATIVE_INFINITY)));
        v.add(flag(nonFinite, ViolationCode.NAN_OR_INFINITE, c));
      }
      // Spark orders NaN above every number: judge the range of finite values only, so a NaN is
      // reported once, for what it is.
      Column outside = lit(false);
      if (c.min().isPresent()) {
        outside = outside.or(typed.lt(c.min().get()));
      }
      if (c.max().isPresent()) {
        outside = outside.or(typed.gt(c.max().get()));
      }
      if (c.min().isPresent() || c.max().isPresent()) {
        v.add(flag(outside.and(nonFinite.unary_$bang()), ViolationCode.OUT_OF_RANGE, c));
      }
      if (c.closedCategories()) {
        v.add(flag(typed.isNotNull().and(typed.isin(c.categories().toArray()).unary_$bang()),
            ViolationCode.UNKNOWN_CATEGORY, c));
      }
      return v;
    }

    private static Column flag(Column condition, ViolationCode code, ColumnSpec c) {
      return when(condition, struct(lit(code.name()).as("code"), lit(c.name()).as("column")));
    }
  }
}
