package io.lakeml.monitor;

import io.lakeml.cli.MonitorCommand;
import io.lakeml.internal.command.ExitCodes;

/**
 * {@code spark-submit --class io.lakeml.monitor.MonitorMain lakeml-app.jar --date D | --from D1 --to D2}.
 * Runs {@link MonitorCommand}; the spark-submit classes keep their jobs' packages, the names
 * documented for spark-submit, and live with the command line they start.
 */
public final class MonitorMain {
  private MonitorMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new MonitorCommand()).execute(args));
  }
}
