package io.lakeml.internal.runs;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.internal.lineage.BuildInfo;
import io.lakeml.internal.lineage.DataRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to trace and reproduce one run: what was built from what, with which config.
 * One row of the {@code runs} table.
 */
public record RunManifest(
    String runId,
    String job,
    BuildInfo build,
    String configSha256,
    String configJson,
    List<String> configSources,
    List<DataRef> inputs,
    List<DataRef> outputs,
    String sparkAppId,
    Instant startedAt,
    Instant endedAt,
    RunStatus status,
    Optional<ErrorCategory> errorCategory,
    Optional<String> errorMessage,
    Map<String, String> metrics) {}
