package io.lakeml.cli;

import static org.apache.spark.sql.functions.col;

import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.OutputFormat;
import io.lakeml.internal.command.ResultPrinter;
import io.lakeml.internal.command.Sessions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.runs.RunLedger;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lakeml runs list|show ID}: the run manifests in the {@code runs} table. */
@Command(
    name = "runs",
    description = "List runs, or show one run's full manifest.",
    subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class})
final class RunsCommand implements Runnable {
  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The ledger of the configured lakehouse, or empty when no run was recorded yet. */
  static Dataset<Row> runs(SparkSession spark, LakemlConfig config) {
    RunLedger ledger = new RunLedger(spark, Lakehouse.of(config));
    if (!DeltaTables.exists(spark, ledger.path())) {
      return spark.createDataFrame(List.of(), RunLedger.SCHEMA);
    }
    return ledger.read();
  }

  @Command(name = "list", description = "Newest runs first.")
  static final class ListRuns implements Callable<Integer> {
    @Mixin HelpOption help;

    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--limit", defaultValue = "20", description = "Most runs to list (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--job", description = "Only runs of this job (prep, train, ...).")
    String job;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json.")
    OutputFormat format;

    @Override
    public Integer call() {
      LakemlConfig config = common.load();
      SparkSession spark = Sessions.start(config, "runs");
      Dataset<Row> runs = runs(spark, config);
      if (job != null) {
        runs = runs.where(col("job").equalTo(job));
      }
      Dataset<Row> view =
          runs.orderBy(col("started_at").desc())
              .select("run_id", "job", "status", "error_category", "started_at", "duration_s", "git_commit", "config_sha256")
              .withColumn("git_commit", col("git_commit").substr(1, 10))
              .withColumn("config_sha256", col("config_sha256").substr(1, 12));
      ResultPrinter.print(view, format, limit, spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(name = "show", description = "One run's manifest as JSON.")
  static final class ShowRun implements Callable<Integer> {
    @Mixin HelpOption help;

    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID")
    String runId;

    @Override
    public Integer call() {
      LakemlConfig config = common.load();
      SparkSession spark = Sessions.start(config, "runs");
      List<String> json = runs(spark, config).where(col("run_id").equalTo(runId)).toJSON().collectAsList();
      if (json.isEmpty()) {
        throw Errors.runNotFound(runId, Lakehouse.of(config).tablePath("runs"));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(json.get(0));
      out.flush();
      return 0;
    }
  }
}
