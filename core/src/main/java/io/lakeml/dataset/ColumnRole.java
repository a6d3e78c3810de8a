package io.lakeml.dataset;

/** What a declared column is for. Only {@link #LABEL} columns may be absent at scoring time. */
public enum ColumnRole {
  /** An input the model may use (the default). */
  FEATURE,
  /** Identifies a row; carried into the scored table. */
  ID,
  /** The event time; partitions tables by its date. */
  TIME,
  /** Used only to compute the label; not needed when scoring. */
  LABEL
}
