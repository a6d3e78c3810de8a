package io.lakeml.dataset;

/** What to do with source columns the dataset config does not declare. */
public enum ExtraColumnsPolicy {
  /** Drop them. */
  IGNORE,
  /** Carry them through as they are. */
  KEEP,
  /** Refuse the input (DATA error). */
  FAIL
}
