package io.lakeml.internal.command;

/** How query results are printed: a table for people, CSV or JSON lines for scripts. */
public enum OutputFormat {
  TABLE,
  CSV,
  JSON
}
