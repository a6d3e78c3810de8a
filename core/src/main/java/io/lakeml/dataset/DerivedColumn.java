package io.lakeml.dataset;

/** A column computed from declared ones by a Spark SQL expression, cast to {@code type}. */
public record DerivedColumn(String name, String expr, ColumnType type) {}
