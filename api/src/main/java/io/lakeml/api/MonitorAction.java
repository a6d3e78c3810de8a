package io.lakeml.api;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.monitor.LateLabels;
import io.lakeml.monitor.MonitorJob;
import io.lakeml.monitor.MonitorResult;
import io.lakeml.internal.runs.RunManifest;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * Monitoring of scored dates: drift, performance, operations and SLA into
 * {@code monitoring_metrics}, alerts, webhook, retraining requests. Default: today's date, or with
 * late labels and no date, every scored date the labels cover.
 */
public final class MonitorAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private Optional<DateWindow> window = Optional.empty();
  private Optional<String[]> labels = Optional.empty();

  MonitorAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public MonitorAction date(LocalDate date) {
    this.window = Optional.of(DateWindow.day(date));
    return this;
  }

  public MonitorAction window(LocalDate from, LocalDate to) {
    this.window = Optional.of(DateWindow.of(from, to));
    return this;
  }

  /** The window as the command line's options give it; {@link DateWindow#ALL} leaves the default. */
  public MonitorAction window(DateWindow dates) {
    this.window = dates.isAll() ? Optional.empty() : Optional.of(dates);
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
      DateWindow dates = window.orElseGet(() -> late.map(this::covered)
          .orElseGet(() -> DateWindow.day(LocalDate.now(java.time.ZoneOffset.UTC))));
      result.set(MonitorJob.create(s, c, tracker).run(dates.from().orElseThrow(), dates.to().orElseThrow(), late));
    });
    MonitorResult r = result.get();
    return new MonitorRun(run.runId(), r.days().size(), r.alerts(), r.blocking(), r.retrainRequests(), r.summary());
  }

  /** The first to the last scored date the late labels cover; a USER error when they cover none. */
  private DateWindow covered(LateLabels late) {
    String dataset = config.requireDataset().name();
    List<LocalDate> dates = late.dates(spark.read().format("delta")
        .load(Lakehouse.of(config).tablePath(TableNames.scored(dataset))));
    if (dates.isEmpty()) {
      throw Errors.labelsMatchNothing(labels.get()[0], labels.get()[1], dataset);
    }
    return DateWindow.of(dates.get(0), dates.get(dates.size() - 1));
  }
}
