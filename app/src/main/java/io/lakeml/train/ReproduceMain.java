package io.lakeml.train;

import io.lakeml.cli.ReproduceCommand;
import io.lakeml.internal.command.ExitCodes;

/**
 * {@code spark-submit --class io.lakeml.train.ReproduceMain lakeml-app.jar --model-version N [--strict]}.
 * Runs {@link ReproduceCommand}; the spark-submit classes keep their jobs' packages, the names
 * documented for spark-submit, and live with the command line they start.
 */
public final class ReproduceMain {
  private ReproduceMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new ReproduceCommand()).execute(args));
  }
}
