package io.lakeml.dataset;

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
    for (ColumnSpec c : d.columns()) {
      if (!declared.add(c.name())) {
        throw Errors.invalidConfigValue(P + ".columns", c.name(), "declares the column twice");
      }
    }
    Set<String> all = new HashSet<>(declared);
    for (DerivedColumn c : d.derived()) {
      if (!all.add(c.name())) {
        throw Errors.invalidConfigValue(P + ".derived", c.name(), "clashes with another column name");
      }
    }
    if (all.contains(DatasetConfig.EVENT_DATE) || all.contains(d.label().name())) {
      throw Errors.invalidConfigValue(
          P + ".columns", DatasetConfig.EVENT_DATE + "/" + d.label().name(),
          "are reserved: lakeml adds the event date and the label itself");
    }
    ColumnSpec time = d.findColumn(d.eventTime()).orElseThrow(
        () -> Errors.invalidConfigValue(P + ".event-time", d.eventTime(), "must name a declared column"));
    if (time.type() != ColumnType.TIMESTAMP && time.type() != ColumnType.DATE) {
      throw Errors.invalidConfigValue(
          P + ".event-time", d.eventTime(), "must name a timestamp or date column, not " + time.type());
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
