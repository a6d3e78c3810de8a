package io.lakeml.runs;

/** How a run ended. */
public enum RunStatus {
  SUCCEEDED,
  FAILED
}
