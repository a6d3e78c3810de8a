package io.lakeml.dataset;

/** Why a row broke a row-level rule of its schema contract; the reason code in quarantine tables. */
public enum ViolationCode {
  /** A null in a column declared {@code nullable = false}. */
  NULL_REQUIRED("null in a required column"),
  /** A value that cannot be read as the declared type (text in a numeric column, a bad date). */
  UNPARSEABLE("value cannot be read as the declared type"),
  /** NaN or an infinity in a numeric column. */
  NAN_OR_INFINITE("NaN or infinite number"),
  /** A number outside the declared [min, max]. */
  OUT_OF_RANGE("number outside the declared range"),
  /** A value outside the declared categories of a closed categorical column. */
  UNKNOWN_CATEGORY("value outside the declared categories"),
  /** No event time (null or unreadable in a nullable event-time column): the row belongs to no date. */
  NO_EVENT_TIME("no event time, so the row belongs to no date"),
  /** The label expression gave null: a training row needs a label. */
  LABEL_MISSING("no label"),
  /** The label expression gave a value its declared kind cannot take (not 0/1, not a finite number). */
  LABEL_INVALID("label not valid for its declared kind");

  private final String description;

  ViolationCode(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
