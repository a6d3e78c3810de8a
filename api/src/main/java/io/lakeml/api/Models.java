package io.lakeml.api;

import io.lakeml.config.LakemlConfig;

/** Which registered model an action means by default, and who an audited change is recorded as. */
final class Models {
  private Models() {}

  /** {@code lakeml.train.model-name}, or the dataset's name. */
  static String configured(LakemlConfig config) {
    return config.train().modelName().orElseGet(() -> config.requireDataset().name());
  }

  /** The operating-system user running lakeml, as registry audits record it. */
  static String who() {
    return System.getProperty("user.name", "unknown");
  }
}
