package io.lakeml.cli;

import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import io.lakeml.internal.data.SyntheticFlights;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lineage.DataRef;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml generate}: synthetic flights with a known signal, drift and defects on demand. */
@Command(
    name = "generate",
    description = "Write a synthetic dataset with the flights schema; deterministic for a seed.")
final class GenerateCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--rows", required = true, description = "Number of rows.") long rows;
  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).") long seed;
  @Option(names = "--out", required = true, description = "Output folder or URI.") String out;
  @Option(names = "--format", defaultValue = "parquet", description = "parquet, csv or json (default: ${DEFAULT-VALUE}).") String format;
  @Option(names = "--start", defaultValue = "2001-01-01", description = "First day (default: ${DEFAULT-VALUE}).") LocalDate start;
  @Option(names = "--days", defaultValue = "181", description = "Number of days (default: ${DEFAULT-VALUE}).") int days;
  @Option(names = "--partitions", defaultValue = "4", description = "Output files (default: ${DEFAULT-VALUE}).") int partitions;
  @Option(names = "--nulls", defaultValue = "0", description = "Share of rows with a null in distance, origin or delay.") double nulls;
  @Option(names = "--nan", defaultValue = "0", description = "Share of rows with NaN distance.") double nan;
  @Option(names = "--out-of-range", defaultValue = "0", description = "Share of rows with a negative distance.") double outOfRange;
  @Option(names = "--bad-types", defaultValue = "0", description = "Share of rows whose delay is text; makes delay a string column.") double badTypes;
  @Option(names = "--drift", defaultValue = "0", description = "0..1: shift hours later and flights longer.") double drift;

  @Override
  public Integer call() {
    if (!format.matches("parquet|csv|json")) {
      throw Errors.invalidArgument("--format", format, "must be parquet, csv or json");
    }
    SyntheticSpec s;
    try {
      s = new SyntheticSpec(rows, seed, start, days, partitions, nulls, nan, outOfRange, badTypes, drift);
    } catch (IllegalArgumentException e) {
      throw Errors.invalidArgument("lakeml generate", "these options", e.getMessage());
    }
    LakemlConfig config = common.load();
    String target = LakemlHome.fromEnvironment().resolve(out);
    JobLauncher.run("generate", config, (spark, c, run) -> {
      SyntheticFlights.generate(spark, s).write().mode("overwrite").format(format)
          .option("header", "true").save(target);
      run.output(DataRef.files("synthetic_flights", target, s.toString()));
      run.metric("rows", rows);
      spec.commandLine().getOut().printf("Wrote %d synthetic flights to %s%n", rows, target);
    });
    return 0;
  }
}
