package io.lakeml.api;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.monitor.Dashboard;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The monitoring dashboard of a window of dates (default: every monitored date of the dataset):
 * one self-contained HTML page, written to a folder.
 */
public final class DashboardAction {
  private final SparkSession spark;
  private final LakemlConfig config;
  private Optional<DateWindow> window = Optional.empty();
  private Path out = Path.of("dashboard");

  DashboardAction(SparkSession spark, LakemlConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public DashboardAction window(LocalDate first, LocalDate last) {
    this.window = Optional.of(DateWindow.of(first, last)); // refuses a reversed window
    return this;
  }

  /** The window as the command line's options give it; {@link DateWindow#ALL} leaves the default. */
  public DashboardAction window(DateWindow dates) {
    this.window = dates.isAll() ? Optional.empty() : Optional.of(dates);
    return this;
  }

  /** The folder {@code dashboard.html} is written to (default: {@code dashboard}). */
  public DashboardAction out(Path dir) {
    this.out = dir;
    return this;
  }

  /** Writes the page; a USER error when the dataset has no monitored date and no window was given. */
  public DashboardRun execute() {
    Lakehouse lakehouse = Lakehouse.of(config);
    String name = config.requireDataset().name();
    DateWindow dates = window.orElseGet(() -> monitoredDates(lakehouse, name));
    LocalDate from = dates.from().orElseThrow();
    LocalDate to = dates.to().orElseThrow();
    Path page = Dashboard.of(spark, lakehouse, config.requireDataset()).write(from, to, out);
    return new DashboardRun(name, from, to, page);
  }

  private DateWindow monitoredDates(Lakehouse lakehouse, String dataset) {
    String path = lakehouse.tablePath(TableNames.MONITORING);
    Row r = DeltaTables.exists(spark, path)
        ? spark.read().format("delta").load(path).where(col("dataset").equalTo(dataset))
            .agg(min("score_date"), max("score_date")).first()
        : null;
    if (r == null || r.isNullAt(0)) {
      throw Errors.noScoringRuns(dataset);
    }
    return DateWindow.of(r.getDate(0).toLocalDate(), r.getDate(1).toLocalDate());
  }
}
