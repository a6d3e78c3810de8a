package io.lakeml.cli;

import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.OutputFormat;
import io.lakeml.internal.command.ResultPrinter;
import io.lakeml.internal.command.Sessions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.LakehouseCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lakeml sql "<query>"}: Spark SQL over the lakehouse's tables by their stable names. */
@Command(
    name = "sql",
    description = {
      "Run Spark SQL over the lakehouse. Tables: runs, prepared_<dataset>, quarantine_<dataset>,",
      "model_versions, model_events, scored_<dataset>, monitoring (as they come to exist).",
      "Delta time travel works: SELECT * FROM runs VERSION AS OF 0."
    })
final class SqlCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--limit", defaultValue = "100", description = "Most rows to print (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw Errors.invalidArgument("--limit", limit, "must be >= 1");
    }
    LakemlConfig config = common.load();
    SparkSession spark = Sessions.start(config, "sql");
    LakehouseCatalog.registerAll(spark, Lakehouse.of(config));
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) {
      if (e instanceof AnalysisException || e instanceof ParseException) {
        throw Errors.badSqlQuery(query, e.getMessage());
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    ResultPrinter.print(result, format, limit, out);
    return 0;
  }
}
