package io.lakeml.registry;

import io.lakeml.errors.Errors;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks {@code model_versions} against the stages its event log replays to. Every stage change
 * lakeml makes is an event; a row whose stage differs from its events (or a version only one side
 * knows) was changed outside lakeml, and a registry that may have been edited by hand is neither
 * served from nor moved.
 */
final class RegistryIntegrity {
  private RegistryIntegrity() {}

  /** The differences between the rows' stages and the replayed ones, one line each; empty when they agree. */
  static String differences(Map<Long, String> rows, Map<Long, String> replayed) {
    StringBuilder out = new StringBuilder();
    TreeSet<Long> versions = new TreeSet<>(rows.keySet());
    versions.addAll(replayed.keySet());
    for (long v : versions) {
      String row = rows.get(v);
      String events = replayed.get(v);
      if (row == null) {
        line(out, "version %d: no row, but its events say %s", v, events);
      } else if (events == null) {
        line(out, "version %d: the row says %s, but no event records the version", v, row);
      } else if (!row.equals(events)) {
        line(out, "version %d: the row says %s, its events say %s", v, row, events);
      } else if (!isStage(row)) {
        line(out, "version %d: '%s' is not a stage (dev, staging, production, archived)", v, row);
      }
    }
    return out.toString().stripTrailing();
  }

  /** The stages of the rows, refusing them if they disagree with the replayed events. */
  static Map<Long, ModelStage> verified(String table, String name, Map<Long, String> rows, Map<Long, String> replayed) {
    String differences = differences(rows, replayed);
    if (!differences.isEmpty()) {
      throw Errors.registryEditedOutsideLakeml(table, name, differences);
    }
    Map<Long, ModelStage> stages = new TreeMap<>();
    rows.forEach((v, s) -> stages.put(v, ModelStage.of(s)));
    return stages;
  }

  private static boolean isStage(String label) {
    return Arrays.stream(ModelStage.values()).anyMatch(s -> s.label().equals(label));
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append("  - ").append(String.format(format, args)).append('\n');
  }
}
