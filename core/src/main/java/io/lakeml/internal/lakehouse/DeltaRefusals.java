package io.lakeml.internal.lakehouse;

import io.lakeml.errors.Errors;
import io.lakeml.errors.LakemlException;
import java.util.Set;
import org.apache.spark.SparkThrowable;

/**
 * Delta's writer refusing a write because of what the table's owners turned on (a CHECK
 * constraint, a NOT NULL column, append-only, columns renamed or dropped), told as lakeml's own
 * errors: the table, why, and how to fix it, in the category that says whose move it is. Anything
 * else is not theirs to tell. (Delta's analysis errors are checked exceptions that Scala throws
 * undeclared: callers catch {@code Exception}.)
 */
final class DeltaRefusals {
  private static final Set<String> CONSTRAINTS = Set.of("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES",
      "DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "DELTA_MISSING_NOT_NULL_COLUMN_VALUE");
  private static final String APPEND_ONLY = "DELTA_CANNOT_MODIFY_APPEND_ONLY";
  private static final String SCHEMA_MISMATCH = "A schema mismatch detected when writing to the Delta table";

  private DeltaRefusals() {}

  /** The refusal {@code e} tells of, as lakeml's error; empty when it is something else. */
  static java.util.Optional<LakemlException> of(Throwable e, String table) {
    return of(e, table, java.util.Optional.empty());
  }

  /**
   * As {@link #of(Throwable, String)}, for a write of {@code written} columns: a schema mismatch
   * then names the columns on either side.
   */
  static java.util.Optional<LakemlException> of(Throwable e, String table, java.util.Optional<String> columns) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String errorClass = c instanceof SparkThrowable t && t.getErrorClass() != null ? t.getErrorClass() : "";
      String message = String.valueOf(c.getMessage());
      // A violation found while replacing a date arrives inside DELTA_REPLACE_WHERE_MISMATCH's message.
      // The replaceWhere condition itself is checked as an unnamed constraint, EXPRESSION(...): rows
      // outside the window a job replaces are that job's bug, not the table owners' rule.
      java.util.Optional<String> violation = message.lines()
          .filter(l -> CONSTRAINTS.stream().anyMatch(k -> l.startsWith("[" + k + "]")))
          .filter(l -> !l.contains("CHECK constraint EXPRESSION(")).findFirst();
      boolean ownersRule = CONSTRAINTS.contains(errorClass) && !message.contains("CHECK constraint EXPRESSION(");
      if (ownersRule || violation.isPresent()) {
        return java.util.Optional.of(Errors.tableConstraintViolated(table, violation.orElse(message), e));
      }
      if (APPEND_ONLY.equals(errorClass)) {
        return java.util.Optional.of(Errors.tableRefusesWrite(table, "it is append-only (delta.appendOnly = true), "
            + "and lakeml writes every date as a replacement of that date (replaceWhere), so that a rerun never "
            + "duplicates rows", "Turn it off: ALTER TABLE delta.`" + table + "` SET TBLPROPERTIES "
            + "('delta.appendOnly' = 'false').", e));
      }
      if (message.contains(SCHEMA_MISMATCH)) {
        return java.util.Optional.of(Errors.tableRefusesWrite(table, "its columns are not those lakeml writes (renamed, dropped or retyped "
            + "by ALTER TABLE): " + columns.orElse(message.lines().findFirst().orElse("")), "Give the columns back their names and types "
            + "(ALTER TABLE ... RENAME COLUMN), or point lakeml at a new table; columns the owners add themselves "
            + "are kept and left empty on rewritten rows.", e));
      }
    }
    return java.util.Optional.empty();
  }
}
