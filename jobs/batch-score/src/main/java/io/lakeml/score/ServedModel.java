package io.lakeml.score;

import io.lakeml.model.LoadedModel;

/** A model version that passed its checksum and health check, ready to score. */
record ServedModel(String name, long version, String stage, LoadedModel model) {
  String label() {
    return name + " v" + version + " (" + stage + ")";
  }
}
