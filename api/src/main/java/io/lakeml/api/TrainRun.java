package io.lakeml.api;

import java.util.Optional;

/**
 * The {@code dev} version a training run registered, what it trained on, how well it validated,
 * and the retraining request it answered, if any; {@code summary} is the job's report as the
 * command line prints it.
 */
public record TrainRun(String runId, String modelName, long version, long dataVersion, long trainRows,
    String validationMetric, double bestValidationMetric, String artefactUri, Optional<String> request,
    String summary) {}
