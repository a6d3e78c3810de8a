package io.lakeml.api;

/**
 * The {@code dev} version a training run registered, what it trained on, and how well it
 * validated; {@code summary} is the job's report as the command line prints it.
 */
public record TrainRun(String runId, String modelName, long version, long dataVersion, long trainRows,
    String validationMetric, double bestValidationMetric, String artefactUri, String summary) {}
