package io.lakeml.registry;

import java.time.Instant;

/**
 * One row of {@code model_events}: a registration or a stage transition.
 *
 * @param approvedBy who approved a promotion to production (empty otherwise)
 */
public record RegistryEvent(
    String eventId, String name, long version, String event, String fromStage, String toStage,
    String who, String approvedBy, String why, String runId, Instant at) {}
