package io.lakeml.registry;

import java.util.Locale;

/** Stages of a model version: dev -> staging -> production -> archived. */
public enum ModelStage {
  DEV,
  STAGING,
  PRODUCTION,
  ARCHIVED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ModelStage of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
