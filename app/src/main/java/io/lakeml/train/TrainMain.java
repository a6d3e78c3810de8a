package io.lakeml.train;

import io.lakeml.cli.TrainCommand;
import io.lakeml.internal.command.ExitCodes;

/**
 * {@code spark-submit --class io.lakeml.train.TrainMain lakeml-app.jar [--data-version V]}.
 * Runs {@link TrainCommand}; the spark-submit classes keep their jobs' packages, the names
 * documented for spark-submit, and live with the command line they start.
 */
public final class TrainMain {
  private TrainMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new TrainCommand()).execute(args));
  }
}
