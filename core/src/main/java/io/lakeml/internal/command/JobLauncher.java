package io.lakeml.internal.command;

import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.runs.OpenRuns;
import io.lakeml.internal.runs.RunLedger;
import io.lakeml.internal.runs.RunManifest;
import io.lakeml.internal.runs.RunTracker;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job with lineage: starts Spark, gives the job a {@link RunTracker}, and appends the
 * manifest to the {@code runs} table whether the job succeeded or failed. A run that could not
 * record its end (its JVM was killed) is recorded as failed by the next run ({@link OpenRuns}).
 */
public final class JobLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

  private JobLauncher() {}

  public static RunManifest run(String job, LakemlConfig config, JobBody body) {
    SparkSession spark = Sessions.start(config, job);
    return run(job, config, spark, body);
  }

  /** Runs on an existing session (the demo chains several jobs on one). */
  public static RunManifest run(String job, LakemlConfig config, SparkSession spark, JobBody body) {
    RunTracker tracker = RunTracker.start(job, config);
    tracker.sparkAppId(spark.sparkContext().applicationId());
    LOG.info("Run {} started (config sha256 {})", tracker.runId(), config.resolved().sha256());
    RunLedger ledger = new RunLedger(spark, Lakehouse.of(config));
    OpenRuns open = new OpenRuns(spark, Lakehouse.of(config));
    open.recordDead(ledger, tracker.runId());
    open.opened(tracker);
    try {
      body.run(spark, config, tracker);
    } catch (Throwable t) {
      RunManifest failed = tracker.failed(t);
      if (recordQuietly(ledger, failed, t)) {
        open.closed(tracker.runId());
      }
      throw t instanceof LakemlException e ? e : wrap(t);
    }
    RunManifest done = tracker.succeeded();
    ledger.append(done);
    open.closed(tracker.runId());
    LOG.info("Run {} succeeded; its manifest is in {}", done.runId(), ledger.path());
    return done;
  }

  private static boolean recordQuietly(RunLedger ledger, RunManifest failed, Throwable cause) {
    try {
      ledger.append(failed);
      LOG.error("Run {} failed; its manifest is in {}", failed.runId(), ledger.path());
      return true;
    } catch (RuntimeException e) {
      cause.addSuppressed(e); // the job's own error matters more than the ledger's
      return false;
    }
  }

  private static RuntimeException wrap(Throwable t) {
    return t instanceof RuntimeException r ? r : new RuntimeException(t);
  }
}
