package io.lakeml.dataset;

/** The label: a Spark SQL expression over declared columns. */
public record LabelSpec(String name, String expr, LabelKind kind) {}
