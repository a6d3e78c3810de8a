package io.lakeml.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tabular dataset described by configuration alone ({@code conf/datasets/<name>.conf}): where it
 * is, the schema contract its rows must honour, derived columns, the label and the features.
 *
 * @param name lower-case identifier used in table names ({@code prepared_<name>})
 * @param keyColumns columns that identify a row uniquely, when the data has such a key
 * @param eventTime the declared column whose date partitions the tables; empty when the data has
 *     no date: each prep run is then one window keyed by its processing date ({@code --date})
 * @param maxRejectedFraction the largest share of rows data-prep may quarantine before it fails
 * @param checks dataset-level checks beyond the ones the column declarations imply
 */
public record DatasetConfig(
    String name,
    SourceSpec source,
    List<String> keyColumns,
    Optional<String> eventTime,
    ExtraColumnsPolicy extraColumns,
    double maxRejectedFraction,
    List<ColumnSpec> columns,
    List<DerivedColumn> derived,
    LabelSpec label,
    FeatureSet features,
    List<DatasetCheck> checks) {

  public static final String PATH = "lakeml.dataset";
  /** The partition column every dataset table gets: the date of the event time. */
  public static final String EVENT_DATE = "event_date";

  /** The same dataset with another label definition (labels delivered with their own column). */
  public DatasetConfig withLabel(LabelSpec newLabel) {
    return new DatasetConfig(name, source, keyColumns, eventTime, extraColumns, maxRejectedFraction, columns, derived,
        newLabel, features, checks);
  }

  /** The same dataset with other features (a subset, for what looks at fewer columns). */
  public DatasetConfig withFeatures(FeatureSet newFeatures) {
    return new DatasetConfig(name, source, keyColumns, eventTime, extraColumns, maxRejectedFraction, columns, derived,
        label, newFeatures, checks);
  }

  public ColumnSpec column(String name) {
    return findColumn(name).orElseThrow(() -> new IllegalArgumentException("No column " + name));
  }

  public Optional<ColumnSpec> findColumn(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Whether rows carry their own date (else the processing date keys them). */
  public boolean hasEventTime() {
    return eventTime.isPresent();
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /** Declared columns a scoring input must have: all but label-only ones. */
  public List<ColumnSpec> servingColumns() {
    return columns.stream().filter(c -> c.role() != ColumnRole.LABEL).toList();
  }

  /** Names of declared and derived columns, in order. */
  public List<String> allColumnNames() {
    List<String> names = new ArrayList<>(columnNames());
    derived.forEach(d -> names.add(d.name()));
    return List.copyOf(names);
  }
}
