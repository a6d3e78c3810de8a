package io.lakeml.prep;

import static io.lakeml.dataset.SchemaContract.quote;
import static io.lakeml.internal.util.Scala.assertion;
import static io.lakeml.internal.util.Scala.none;
import static io.lakeml.internal.util.Scala.some;

import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.ColumnType;
import io.lakeml.dataset.DatasetCheck;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.internal.util.Scala;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Deequ checks data-prep runs, all in one verification pass: dataset-level checks that fail
 * the run (ERROR), and row-level rules measured as shares (WARNING: rows breaking them are
 * quarantined, and the rejected share is itself an ERROR check).
 */
final class QualityChecks {
  static final String DATASET_CHECK = "dataset-level checks";
  static final String ROW_RULES = "row-level rules (breaking rows are quarantined)";
  static final String ACCEPTED = "_violation IS NULL";
  static final String ACCEPTED_SHARE = "rows honouring the contract";

  private QualityChecks() {}

  static List<Check> build(DatasetConfig d) {
    return List.of(datasetLevel(d), rowLevel(d));
  }

  private static Check datasetLevel(DatasetConfig d) {
    Check c = new Check(CheckLevel.Error(), DATASET_CHECK, Scala.seq(List.of()))
        .hasSize(assertion(v -> v > 0), some("the input has rows"));
    for (ColumnSpec col : d.columns()) {
      double min = col.completeness();
      c = c.hasCompleteness(quote(col.name()), assertion(v -> v > 0 && v >= min),
          some(String.format("column %s is not entirely null and at least %s complete", col.name(), min)),
          none());
    }
    if (!d.keyColumns().isEmpty()) {
      List<String> keys = d.keyColumns().stream().map(k -> quote(k)).toList();
      c = c.hasUniqueness(Scala.seq(keys), assertion(v -> v == 1.0),
          some("key " + d.keyColumns() + " is unique"));
    }
    double minAccepted = 1 - d.maxRejectedFraction();
    c = c.satisfies(ACCEPTED, ACCEPTED_SHARE, assertion(v -> v >= minAccepted),
        some("at most " + d.maxRejectedFraction() + " of rows rejected (max-rejected-fraction)"),
        Scala.list(List.of()), none());
    // Configured checks judge the rows that would be written: a rejected row is already counted.
    for (DatasetCheck check : d.checks()) {
      c = c.satisfies(check.where(), check.name(), assertion(v -> v >= check.minFraction()),
          some(check.name() + ": at least " + check.minFraction() + " of accepted rows satisfy " + check.where()),
          Scala.list(List.of()), none()).where(ACCEPTED);
    }
    return c;
  }

  private static Check rowLevel(DatasetConfig d) {
    Check c = new Check(CheckLevel.Warning(), ROW_RULES, Scala.seq(List.of()));
    for (ColumnSpec col : d.columns()) {
      String q = quote(col.name());
      if (col.type() == ColumnType.DOUBLE) {
        c = c.satisfies(q + " IS NULL OR NOT (isnan(" + q + ") OR abs(" + q + ") = double('Infinity'))",
            col.name() + " is finite", Check.IsOne(), none(), Scala.list(List.of()), none());
      }
      if (col.min().isPresent() || col.max().isPresent()) {
        String range = (col.min().map(m -> q + " >= " + m).orElse("true")) + " AND "
            + (col.max().map(m -> q + " <= " + m).orElse("true"));
        c = c.satisfies(q + " IS NULL OR isnan(" + q + ") OR (" + range + ")",
            col.name() + " in [" + col.min().orElse(null) + ", " + col.max().orElse(null) + "]",
            Check.IsOne(), none(), Scala.list(List.of()), none());
      }
      if (col.closedCategories()) {
        String values = col.categories().stream().map(v -> "'" + v.replace("'", "\\'") + "'")
            .collect(Collectors.joining(", "));
        c = c.satisfies(q + " IS NULL OR " + q + " IN (" + values + ")",
            col.name() + " in its declared categories", Check.IsOne(), none(), Scala.list(List.of()), none());
      }
    }
    return c;
  }
}
