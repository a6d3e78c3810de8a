package io.lakeml.api;

/** The version moved and the stage it is in now. */
public record PromoteRun(String runId, String modelName, long version, String stage) {}
