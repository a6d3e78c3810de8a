package io.lakeml.score;

import io.lakeml.internal.model.LoadedModel;
import io.lakeml.internal.model.ModelTask;

/**
 * A model version that passed its checksum and health check, ready to score.
 *
 * @param threshold a binary model's decision threshold: the one chosen when the version was
 *     evaluated, unless {@code lakeml.score.threshold} sets one for every version
 */
record ServedModel(String name, long version, String stage, LoadedModel model, double threshold) {
  /** The threshold of versions evaluated before thresholds were chosen on data. */
  static final double DEFAULT_THRESHOLD = 0.5;

  String label() {
    return name + " v" + version + " (" + stage + ")";
  }

  ModelTask task() {
    return model.task();
  }
}
