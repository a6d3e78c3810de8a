package io.lakeml.config;

import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.ColumnType;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DerivedColumn;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.errors.Errors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Cross-field rules of a dataset config: every name it uses refers to something declared. */
final class DatasetConsistency {
  private static final String P = DatasetConfig.PATH;

  private DatasetConsistency() {}

  static void check(DatasetConfig d) {
    Set<String> declared = new HashSet<>();
    // Spark resolves column names ignoring case: names differing only in case would clash in a table.
    Set<String> folded = new HashSet<>();
    for (ColumnSpec c : d.columns()) {
      declared.add(c.name());
      if (!folded.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
        throw Errors.invalidConfigValue(P + ".columns", c.name(), "declares the column twice (names are compared ignoring case)");
      }
    }
    Set<String> all = new HashSet<>(declared);
    for (DerivedColumn c : d.derived()) {
      all.add(c.name());
      if (!folded.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
        throw Errors.invalidConfigValue(P + ".derived", c.name(), "clashes with another column name (ignoring case)");
      }
    }
    if (folded.contains(DatasetConfig.EVENT_DATE)) {
      throw Errors.invalidConfigValue(P + ".columns", DatasetConfig.EVENT_DATE,
          "is reserved: lakeml adds the event date itself; rename the column");
    }
    if (folded.contains(d.label().name().toLowerCase(java.util.Locale.ROOT))) {
      throw Errors.invalidConfigValue(P + ".label.name", d.label().name(),
          "clashes with a declared or derived column: lakeml adds the label as a column of its own; name it "
              + "differently (e.g. label) and compute it from the column with expr = \"" + SchemaContract.quote(d.label().name()) + "\"");
    }
    d.eventTime().ifPresent(name -> {
      ColumnSpec time = d.findColumn(name).orElseThrow(
          () -> Errors.invalidConfigValue(P + ".event-time", name, "must name a declared column"));
      if (time.type() != ColumnType.TIMESTAMP && time.type() != ColumnType.DATE) {
        throw Errors.invalidConfigValue(
            P + ".event-time", name, "must name a timestamp or date column, not " + time.type());
      }
    });
    if (d.eventTime().isEmpty()) {
      // Without an event time every row of a run gets the run's processing date: a derivation
      // from it would differ between training and scoring runs of the same rows.
      for (DerivedColumn c : d.derived()) {
        if (c.expr().matches("(?s).*\\bevent_date\\b.*")) {
          throw Errors.invalidConfigValue(P + ".derived." + c.name(), c.expr(),
              "uses event_date, but the dataset declares no event-time (set event-time to a date or timestamp column)");
        }
      }
    }
    requireAll(d.keyColumns(), declared, P + ".key-columns", "a declared column");
    requireAll(d.features().all(), all, P + ".features", "a declared or derived column");
    Set<String> seen = new HashSet<>();
    for (String f : d.features().all()) {
      if (!seen.add(f)) {
        throw Errors.invalidConfigValue(P + ".features", f, "lists the feature twice");
      }
    }
  }

  private static void requireAll(List<String> names, Set<String> known, String key, String what) {
    for (String n : names) {
      if (!known.contains(n)) {
        throw Errors.invalidConfigValue(key, n, "must name " + what + " (known: " + new java.util.TreeSet<>(known) + ")");
      }
    }
  }
}
