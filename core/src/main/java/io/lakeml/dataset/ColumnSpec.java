package io.lakeml.dataset;

import java.util.List;
import java.util.Optional;

/**
 * One declared source column.
 *
 * @param name the column name exactly as in the source (spaces and punctuation allowed)
 * @param completeness minimum share of non-null values the dataset-level check requires (0 by
 *     default: a column must only not be entirely null; row-level nulls in a required column are
 *     quarantined, not fatal)
 * @param categories allowed values for a string column; empty when open
 * @param closedCategories true when a value outside {@code categories} is a row-level violation
 * @param format how a date or timestamp column's text is written (Spark's datetime pattern, e.g.
 *     {@code MMM dd yyyy}); empty: Spark's default cast (ISO 8601)
 */
public record ColumnSpec(
    String name,
    ColumnType type,
    boolean nullable,
    ColumnRole role,
    double completeness,
    Optional<Double> min,
    Optional<Double> max,
    List<String> categories,
    boolean closedCategories,
    Optional<String> format) {}
