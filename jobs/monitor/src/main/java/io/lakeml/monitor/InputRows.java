package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.lakeml.dataset.ColumnRole;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.RowIdentity;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.source.RawInput;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The rows scoring served for the monitored dates, rebuilt from the dataset's source the way
 * batch-score builds them (the serving contract, the shared derivations, the same {@code row_id}),
 * with the label when the source carries the label's columns (the flights sample does; most sources
 * get their labels later, through {@code --labels}). Rows the serving contract rejected are left
 * out: they were quarantined, not scored.
 */
final class InputRows {
  static final String ROW_ID = RowIdentity.SERVING_ID;
  static final String LABEL = "__label";

  private InputRows() {}

  /** The rows with {@code event_date}, {@code row_id}, every feature and, if {@code withLabel}, {@link #LABEL}. */
  static Dataset<Row> of(RawInput raw, DatasetConfig d, LocalDate from, LocalDate to, boolean withLabel) {
    Dataset<Row> rows = raw.rows();
    if (d.hasEventTime()) {
      return build(window(rows, d, from, to), d, SchemaContract.forServing(d), withLabel, from, to);
    }
    // Without an event time every row of the source was scored on each date it was scored for.
    Dataset<Row> all = null;
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      Dataset<Row> one = build(rows, d, SchemaContract.forServing(d).processing(date), withLabel, date, date);
      all = all == null ? one : all.unionByName(one);
    }
    return all;
  }

  /** Whether the source holds every column the label's expression reads (the label-only columns). */
  static boolean sourceHasLabel(RawInput raw, DatasetConfig d) {
    Set<String> present = Set.of(raw.rows().columns());
    List<String> labelColumns = d.columns().stream().filter(c -> c.role() == ColumnRole.LABEL).map(ColumnSpec::name).toList();
    return present.containsAll(labelColumns);
  }

  /**
   * With the label, the training contract types every column (the label's too); a row counts as
   * served when none of its violations concerns a serving column (a bad label alone did not stop
   * scoring), and its label is null when the label is missing or invalid.
   */
  private static Dataset<Row> build(Dataset<Row> rows, DatasetConfig d, SchemaContract serving, boolean withLabel,
      LocalDate from, LocalDate to) {
    Dataset<Row> typed;
    if (withLabel) {
      String labelOnly = d.columns().stream().filter(c -> c.role() == ColumnRole.LABEL)
          .map(c -> "'" + c.name().replace("'", "\\'") + "'").collect(Collectors.joining(", "));
      SchemaContract training = d.hasEventTime() ? SchemaContract.forTraining(d) : SchemaContract.forTraining(d).processing(from);
      typed = training.apply(rows, d.source().path())
          .where(expr("size(filter(" + SchemaContract.VIOLATIONS + ", v -> NOT array_contains(array(" + labelOnly
              + "), v.column))) = 0"))
          .drop(SchemaContract.VIOLATIONS, SchemaContract.FIRST_VIOLATION, SchemaContract.ORIGINAL);
    } else {
      typed = serving.apply(rows, d.source().path()).where(col(SchemaContract.FIRST_VIOLATION).isNull());
    }
    typed = typed.where(DateWindow.of(from, to).predicate(DatasetConfig.EVENT_DATE));
    Dataset<Row> derived = DerivedColumns.withDerived(typed, d).withColumn(ROW_ID, RowIdentity.servingId(d));
    List<Column> out = new ArrayList<>();
    out.add(col(DatasetConfig.EVENT_DATE));
    out.add(col(ROW_ID));
    d.features().all().forEach(f -> out.add(col(SchemaContract.quote(f))));
    if (withLabel) {
      derived = DerivedColumns.withLabel(derived, d);
      out.add(col(SchemaContract.quote(d.label().name())).as(LABEL));
    }
    return derived.select(out.toArray(Column[]::new));
  }

  private static Dataset<Row> window(Dataset<Row> rows, DatasetConfig d, LocalDate from, LocalDate to) {
    DataType type = rows.schema().apply(d.eventTime().get()).dataType();
    if (type == DataTypes.TimestampType || type == DataTypes.TimestampNTZType || type == DataTypes.DateType) {
      String c = SchemaContract.quote(d.eventTime().get());
      return rows.where(expr(c + " >= '" + from + "' AND " + c + " < '" + to.plusDays(1) + "'"));
    }
    return rows;
  }

}
