package io.lakeml.train;

import io.lakeml.cli.TuneCommand;
import io.lakeml.internal.command.ExitCodes;

/**
 * {@code spark-submit --class io.lakeml.train.TuneMain lakeml-app.jar [--data-version V]}.
 * Runs {@link TuneCommand}; the spark-submit classes keep their jobs' packages, the names
 * documented for spark-submit, and live with the command line they start.
 */
public final class TuneMain {
  private TuneMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new TuneCommand()).execute(args));
  }
}
