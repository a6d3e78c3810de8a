package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.lakeml.command.CommonOptions;
import io.lakeml.command.HelpOption;
import io.lakeml.command.Sessions;
import io.lakeml.command.WindowOptions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.errors.Errors;
import io.lakeml.lakehouse.DeltaTables;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.lakehouse.TableNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml dashboard [--date D | --from D1 --to D2] --out DIR}. */
@Command(
    name = "dashboard",
    description = {
      "Write one self-contained HTML page (works offline) of the dataset's scoring and monitoring:",
      "volumes, latency, error and quarantine rates, the serving version, drift heatmap, prediction",
      "drift, realized vs estimated AUC, SLA and alerts. Default: every scored date."
    })
public final class DashboardCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Mixin WindowOptions dates;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write dashboard.html into.")
  Path out;

  @Override
  public Integer call() {
    DateWindow window = dates.window();
    LakemlConfig config = common.load();
    SparkSession spark = Sessions.start(config, "dashboard");
    Lakehouse lakehouse = Lakehouse.of(config);
    String name = config.requireDataset().name();
    LocalDate[] range = window.isAll() ? scoredRange(spark, lakehouse, name)
        : new LocalDate[] {window.from().orElseThrow(), window.to().orElseThrow()};
    Path page = Dashboard.of(spark, lakehouse, config.requireDataset()).write(range[0], range[1], out);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("Dashboard of %s, %s to %s: %s%n", name, range[0], range[1], page.toAbsolutePath());
    w.flush();
    return 0;
  }

  private static LocalDate[] scoredRange(SparkSession spark, Lakehouse lakehouse, String dataset) {
    String path = lakehouse.tablePath(TableNames.MONITORING);
    Row r = DeltaTables.exists(spark, path)
        ? spark.read().format("delta").load(path).where(col("dataset").equalTo(dataset))
            .agg(min("score_date"), max("score_date")).first()
        : null;
    if (r == null || r.isNullAt(0)) {
      throw Errors.noScoringRuns(dataset);
    }
    return new LocalDate[] {r.getDate(0).toLocalDate(), r.getDate(1).toLocalDate()};
  }
}
