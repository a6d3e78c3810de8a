package io.lakeml.internal.runs;

/** How a run ended. */
public enum RunStatus {
  SUCCEEDED,
  FAILED
}
