package io.lakeml.api;

import io.lakeml.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.monitor.LateLabels;
import io.lakeml.monitor.MonitorJob;
import io.lakeml.monitor.MonitorResult;
import io.lakeml.runs.RunManifest;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * Monitoring of scored dates (default: today's): drift, performance, operations and SLA into
 * {@code monitoring_metrics}, alerts, webhook, retraining requests.
 */
public final class MonitorAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private DateWindow window = DateWindow.day(LocalDate.now(java.time.ZoneOffset.UTC));
  private Optional<String[]> labels = Optional.empty();

  MonitorAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public MonitorAction date(LocalDate date) {
    this.window = DateWindow.day(date);
    return this;
  }

  public MonitorAction window(LocalDate from, LocalDate to) {
    this.window = DateWindow.of(from, to);
    return this;
  }

  /** Labels that arrived after scoring: a lakeml table name or a path, joined to the scored rows by {@code key}. */
  public MonitorAction labels(String tableOrPath, String key) {
    this.labels = Optional.of(new String[] {tableOrPath, key});
    return this;
  }

  /** Runs monitor; {@link MonitorRun#blocking()} says whether a blocking alert fired. */
  public MonitorRun execute() {
    AtomicReference<MonitorResult> result = new AtomicReference<>();
    RunManifest run = JobLauncher.run("monitor", config, spark, (s, c, tracker) -> {
      Optional<LateLabels> late = labels.map(l -> LateLabels.read(s, Lakehouse.of(c), c.requireDataset(), l[0], l[1]));
      result.set(MonitorJob.create(s, c, tracker).run(window.from().orElseThrow(), window.to().orElseThrow(), late));
    });
    MonitorResult r = result.get();
    return new MonitorRun(run.runId(), r.days().size(), r.alerts(), r.blocking(), r.retrainRequests(), r.summary());
  }
}
