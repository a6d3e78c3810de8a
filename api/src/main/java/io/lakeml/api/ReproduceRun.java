package io.lakeml.api;

import java.util.List;

/**
 * The verdict of a reproduction: {@code identical} when parameters, the feature pipeline's fitted
 * state, per-epoch losses and the data's content hash all match the registered version;
 * otherwise {@code differences} says the first difference of each kind.
 */
public record ReproduceRun(String runId, String modelName, long version, boolean identical, long dataVersion,
    String recordedCommit, String currentCommit, List<String> differences, List<String> notes, String summary) {
  public ReproduceRun {
    differences = List.copyOf(differences);
    notes = List.copyOf(notes);
  }
}
