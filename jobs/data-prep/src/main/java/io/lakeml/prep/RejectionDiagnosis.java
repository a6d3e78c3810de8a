package io.lakeml.prep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;

import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.LabelKind;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.dataset.ViolationCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a failed prep run's rejected rows say about the dataset config, in the user's terms: per
 * reason and column, how many rows, a few of the values that broke the rule, and what to change
 * (a declared type or format, nullability, the label's kind). Read from the rows this run put in
 * quarantine, only when the run fails.
 */
final class RejectionDiagnosis {
  private static final int SAMPLES = 3;
  private static final int REASONS = 6;

  private RejectionDiagnosis() {}

  static List<String> of(Dataset<Row> quarantined, DatasetConfig d, long rowsRead) {
    Dataset<Row> rows = quarantined.select(col("reason_code"), col("column"), col("original.*"));
    Dataset<Row> withValue = rows.withColumn("__value", value(d));
    List<String> lines = new ArrayList<>();
    for (Row r : withValue.groupBy("reason_code", "column")
        .agg(count(lit(1)).as("n"), slice(collect_set(col("__value")), 1, SAMPLES + 1).as("samples"))
        .orderBy(col("n").desc()).limit(REASONS).collectAsList()) {
      lines.add(line(d, ViolationCode.valueOf(r.getString(0)), r.getString(1), r.getLong(2), rowsRead,
          r.getList(3).stream().map(String::valueOf).toList()));
    }
    return lines;
  }

  /** The value that broke the rule: the column's original text, or the label expression's value. */
  private static org.apache.spark.sql.Column value(DatasetConfig d) {
    String label = "CAST((" + d.label().expr() + ") AS STRING)";
    StringBuilder c = new StringBuilder("CASE column");
    for (ColumnSpec spec : d.columns()) {
      c.append(" WHEN '").append(spec.name().replace("'", "\\'")).append("' THEN ").append(SchemaContract.quote(spec.name()));
    }
    c.append(" WHEN '").append(d.label().name().replace("'", "\\'")).append("' THEN ").append(label);
    return expr(c.append(" END").toString());
  }

  private static String line(DatasetConfig d, ViolationCode code, String column, long n, long read, List<String> samples) {
    String share = String.format(Locale.ROOT, "%,d of %,d rows", n, read);
    String e = samples.isEmpty() ? "" : ", e.g. " + String.join(", ", samples.stream().limit(SAMPLES).map(s -> "'" + s + "'").toList());
    ColumnSpec spec = d.findColumn(column).orElse(null);
    String type = spec == null ? "" : spec.type().name();
    return switch (code) {
      case UNPARSEABLE -> String.format("column '%s' is declared %s but %s cannot be read as %s%s: fix its type in the "
          + "dataset config%s", column, type, share, type, e,
          spec != null && (type.equals("DATE") || type.equals("TIMESTAMP")) ? ", or declare its format (e.g. format = \"MMM dd yyyy\")" : "");
      case NULL_REQUIRED -> String.format("column '%s' is null in %s but is declared nullable = false: declare "
          + "nullable = true (a numeric feature is then imputed, a categorical one gets its own category) or fix the source",
          column, share);
      case NAN_OR_INFINITE -> String.format("column '%s' is NaN or infinite in %s%s", column, share, e);
      case OUT_OF_RANGE -> String.format("column '%s' is outside its declared [min, max] in %s%s: widen the range if "
          + "these values are right", column, share, e);
      case UNKNOWN_CATEGORY -> String.format("column '%s' has values outside its closed categories in %s%s", column, share, e);
      case NO_EVENT_TIME -> String.format("event time '%s' is null in %s: such rows belong to no date", column, share);
      case LABEL_MISSING -> String.format("label '%s' (expr %s) is null in %s: rows without a label cannot train", column,
          d.label().expr(), share);
      case LABEL_INVALID -> labelHint(d, share, e, samples);
    };
  }

  private static String labelHint(DatasetConfig d, String share, String e, List<String> samples) {
    String label = d.label().name();
    boolean numbers = samples.stream().allMatch(s -> s.matches("-?[0-9.eE+-]+"));
    if (d.label().kind() == LabelKind.BINARY) {
      return String.format("label '%s' (kind binary, expr %s) is not 0/1 in %s%s: %s", label, d.label().expr(), share, e,
          numbers ? "if it is a number to predict, declare kind = regression; if it names classes, kind = multiclass"
              : "its values name classes: declare kind = multiclass (or write expr as a condition, e.g. \"`Species` = 'Adelie'\")");
    }
    return String.format("label '%s' (kind regression, expr %s) is not a finite number in %s%s: if its values name "
        + "classes, declare kind = multiclass", label, d.label().expr(), share, e);
  }
}
