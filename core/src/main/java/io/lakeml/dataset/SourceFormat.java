package io.lakeml.dataset;

/** Formats a raw source may have. */
public enum SourceFormat {
  PARQUET,
  CSV,
  JSON,
  DELTA;

  public String sparkName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
