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
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.monitoring.RetrainRequests;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml requests list|close}: the retraining requests monitoring opened, and their review. */
@Command(
    name = "requests",
    description = "List retraining requests, or close one after review (done or rejected).",
    subcommands = {RequestsCommand.ListRequests.class, RequestsCommand.CloseRequest.class})
final class RequestsCommand implements Runnable {
  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The outcome a reviewer gives a request. */
  enum Outcome {
    DONE,
    REJECTED
  }

  @Command(name = "list", description = "Newest requests first.")
  static final class ListRequests implements Callable<Integer> {
    @Mixin HelpOption help;

    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json.")
    OutputFormat format;

    @Override
    public Integer call() {
      LakemlConfig config = common.load();
      SparkSession spark = Sessions.start(config, "requests");
      String path = Lakehouse.of(config).tablePath(TableNames.RETRAIN_REQUESTS);
      PrintWriter out = spec.commandLine().getOut();
      if (!DeltaTables.exists(spark, path)) {
        out.println("No retraining requests.");
        out.flush();
        return 0;
      }
      Dataset<Row> view = spark.read().format("delta").load(path).orderBy(col("created_at").desc())
          .select("request_id", "dataset", "status", "rule", "alert_date", "window_from", "window_to", "note");
      ResultPrinter.print(view, format, 100, out);
      return 0;
    }
  }

  @Command(name = "close", description = "Close a request after review: done (a version was trained and "
      + "promoted, or nothing needed) or rejected (why, in --reason).")
  static final class CloseRequest implements Callable<Integer> {
    @Mixin HelpOption help;

    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--request", required = true, paramLabel = "ID", description = "The request's id.")
    String request;

    @Option(names = "--status", required = true, description = "done or rejected.")
    Outcome status;

    @Option(names = "--reason", required = true, description = "Who decided what, and why (kept in the note).")
    String reason;

    @Override
    public Integer call() {
      if (reason.isBlank()) {
        throw Errors.invalidArgument("--reason", reason, "must say why");
      }
      LakemlConfig config = common.load();
      SparkSession spark = Sessions.start(config, "requests");
      Lakehouse lakehouse = Lakehouse.of(config);
      RetrainRequests.find(spark, lakehouse, request); // a USER error when unknown
      String outcome = status.name().toLowerCase(java.util.Locale.ROOT);
      RetrainRequests.update(spark, lakehouse, request, outcome, reason);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("Retraining request %s is %s: %s%n", request, outcome, reason);
      out.flush();
      return 0;
    }
  }
}
