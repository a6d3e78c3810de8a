package io.lakeml.cli;

import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.JobLauncher;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.monitoring.Alert;
import io.lakeml.internal.monitoring.Alerts;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml alerts record}: an alert raised outside lakeml's jobs, e.g. by Airflow when a task fails. */
@Command(
    name = "alerts",
    description = "Record an alert raised outside lakeml's jobs (the DAGs' failure callback uses it).",
    subcommands = {AlertsCommand.Record.class})
final class AlertsCommand implements Runnable {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Severities an alert can have. */
  enum Severity {
    WARNING,
    CRITICAL
  }

  @Command(name = "record", description = "Append one alert to the alerts table (job = the --source).")
  static final class Record implements Callable<Integer> {
    @Mixin HelpOption help;
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--source", defaultValue = "airflow", description = "Who raises it (the alerts table's job).")
    String source;

    @Option(names = "--kind", required = true, description = "A stable code to filter on, e.g. task-failed.")
    String kind;

    @Option(names = "--severity", defaultValue = "critical", description = "warning or critical.")
    Severity severity;

    @Option(names = "--subject", required = true, description = "What failed, e.g. lakeml_daily.score.")
    String subject;

    @Option(names = "--date", description = "The date it concerns (yyyy-MM-dd).")
    LocalDate date;

    @Option(names = "--message", required = true, description = "What happened, for the person who reads it.")
    String message;

    @Override
    public Integer call() {
      if (message.isBlank() || kind.isBlank()) {
        throw Errors.invalidArgument(message.isBlank() ? "--message" : "--kind", "", "must not be empty");
      }
      var config = common.load();
      String dataset = config.dataset().map(d -> d.name()).orElse(null);
      Alert alert = new Alert(severity.name().toLowerCase(java.util.Locale.ROOT), kind, dataset, null, null, message);
      JobLauncher.run("alerts", config, (spark, c, run) ->
          Alerts.record(spark, Lakehouse.of(c), source, run.runId(), alert, date, subject));
      spec.commandLine().getOut().printf("Recorded a %s alert %s about %s%n", alert.severity(), kind, subject);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
