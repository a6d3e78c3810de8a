package io.lakeml.api;

/** The version moved and the stage it is in now; {@code changed} is false when it was there already. */
public record PromoteRun(String runId, String modelName, long version, String stage, boolean changed) {}
