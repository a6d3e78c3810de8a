package io.lakeml.dataset;

/** The learning task a label defines. */
public enum LabelKind {
  BINARY,
  MULTICLASS,
  REGRESSION
}
