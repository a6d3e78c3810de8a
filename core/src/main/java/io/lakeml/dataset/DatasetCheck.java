package io.lakeml.dataset;

/**
 * A dataset-level check from config: at least {@code minFraction} of the rows satisfy the Spark SQL
 * predicate {@code where}. Failing it fails the run (DATA).
 */
public record DatasetCheck(String name, String where, double minFraction) {}
