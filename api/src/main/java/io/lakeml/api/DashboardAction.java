package io.lakeml.api;

import io.lakeml.config.LakemlConfig;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.monitor.Dashboard;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** The monitoring dashboard of a window of dates: one self-contained HTML page, written to a folder. */
public final class DashboardAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private LocalDate from = LocalDate.now(java.time.ZoneOffset.UTC);
  private LocalDate to = from;
  private Path out = Path.of("dashboard");

  DashboardAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public DashboardAction window(LocalDate first, LocalDate last) {
    io.lakeml.dataset.DateWindow.of(first, last); // refuses a reversed window
    this.from = first;
    this.to = last;
    return this;
  }

  /** The folder {@code dashboard.html} is written to (default: {@code dashboard}). */
  public DashboardAction out(Path dir) {
    this.out = dir;
    return this;
  }

  /** Writes the page; returns its path. */
  public Path execute() {
    return Dashboard.of(spark, Lakehouse.of(config), config.requireDataset()).write(from, to, out);
  }
}
