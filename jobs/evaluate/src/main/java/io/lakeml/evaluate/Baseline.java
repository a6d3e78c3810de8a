package io.lakeml.evaluate;

import java.util.Map;

/**
 * One baseline fitted beside a candidate and measured on the same test rows.
 *
 * @param name {@code linear} or {@code trees}
 * @param model what was fitted, for the report
 * @param metrics its metrics on the test split (names of {@link io.lakeml.internal.metrics.MetricCatalog})
 * @param trainingRows rows it was fitted on
 * @param rounds boosting rounds it kept
 * @param fitSeconds wall time of collecting its rows and fitting
 */
record Baseline(String name, String model, Map<String, Double> metrics, long trainingRows, int rounds,
    double fitSeconds) {}
