package io.lakeml.registry;

import java.time.Instant;
import java.util.Map;

/**
 * One registered model version: everything needed to trust, compare and load it.
 *
 * @param metrics training/evaluation metrics by name
 * @param trainingConfig the resolved config of the training run (secrets masked)
 */
public record ModelVersion(
    String name,
    long version,
    String stage,
    String trainingRunId,
    Map<String, Double> metrics,
    String trainingConfig,
    long dataVersion,
    String dataHash,
    String gitCommit,
    String inputSchema,
    String outputSchema,
    double expectedLatencyMsPer1000,
    String resources,
    String artefactUri,
    String artefactSha256,
    Instant createdAt) {}
