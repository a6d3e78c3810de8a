package io.lakeml.internal.runs;

import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lineage.BuildInfo;
import io.lakeml.internal.lineage.DataRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects what a run reads, writes and measures while it runs, and turns it into a
 * {@link RunManifest} when it ends. One per run; jobs record from the driver, from more than one
 * thread when they write independent tables at once (so recording is synchronized).
 */
public final class RunTracker {
  private final String runId;
  private final String job;
  private final LakemlConfig config;
  private final Instant startedAt;
  private final List<DataRef> inputs = new ArrayList<>();
  private final List<DataRef> outputs = new ArrayList<>();
  private final Map<String, String> metrics = new LinkedHashMap<>();
  private String sparkAppId = "";

  private RunTracker(String job, LakemlConfig config, Instant startedAt) {
    this.job = job;
    this.config = config;
    this.startedAt = startedAt;
    this.runId = RunIds.next(job, startedAt);
  }

  public static RunTracker start(String job, LakemlConfig config) {
    return new RunTracker(job, config, Instant.now());
  }

  public String runId() {
    return runId;
  }

  public String job() {
    return job;
  }

  public LakemlConfig config() {
    return config;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public String sparkAppId() {
    return sparkAppId;
  }

  public void sparkAppId(String id) {
    this.sparkAppId = id;
  }

  public synchronized void input(DataRef ref) {
    inputs.add(ref);
  }

  public synchronized void output(DataRef ref) {
    outputs.add(ref);
  }

  public synchronized void metric(String name, Object value) {
    metrics.put(name, String.valueOf(value));
  }

  /** Runs a step and records its wall time as the metric {@code seconds.<step>}. */
  public <T> T timed(String step, java.util.function.Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      double seconds = (System.nanoTime() - start) / 1e9;
      metric("seconds." + step, String.format(java.util.Locale.ROOT, "%.2f", seconds));
      org.slf4j.LoggerFactory.getLogger(RunTracker.class).info("{}: {} took {} s", runId, step,
          String.format(java.util.Locale.ROOT, "%.1f", seconds));
    }
  }

  public void metrics(Map<String, ?> values) {
    values.forEach(this::metric);
  }

  public RunManifest succeeded() {
    return manifest(RunStatus.SUCCEEDED, null);
  }

  public RunManifest failed(Throwable failure) {
    return manifest(RunStatus.FAILED, failure);
  }

  private synchronized RunManifest manifest(RunStatus status, Throwable failure) {
    return new RunManifest(
        runId,
        job,
        BuildInfo.current(),
        config.resolved().sha256(),
        config.resolved().json(),
        config.resolved().sources(),
        List.copyOf(inputs),
        List.copyOf(outputs),
        sparkAppId,
        startedAt,
        Instant.now(),
        status,
        Optional.ofNullable(failure).map(LakemlException::categoryOf),
        Optional.ofNullable(failure).map(f -> String.valueOf(f.getMessage())),
        Map.copyOf(metrics));
  }
}
