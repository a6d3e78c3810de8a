package io.lakeml.api;

/**
 * A search's key, its trials (how many were already recorded), the best trial and the training
 * config written for it (pass it to {@code lakeml train --tuned}); {@code summary} is the job's
 * report as the command line prints it.
 */
public record TuneRun(String runId, String tuneKey, int trials, int resumed, int bestTrial, double bestValidationMetric,
    String configPath, String summary) {}
