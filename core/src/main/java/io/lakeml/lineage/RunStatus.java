package io.lakeml.lineage;

/** How a run ended. */
public enum RunStatus {
  SUCCEEDED,
  FAILED
}
