package io.lakeml.api;

import java.util.Map;

/**
 * Whether a version passed the gate, its stage afterwards, and the metrics measured on the test
 * split; {@code summary} is the job's report as the command line prints it.
 */
public record EvaluateRun(String runId, String modelName, long version, boolean passed, String stage,
    Map<String, Double> metrics, String summary) {
  public EvaluateRun {
    metrics = Map.copyOf(metrics);
  }
}
