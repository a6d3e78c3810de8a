package io.lakeml.evaluate;

import io.lakeml.cli.EvaluateCommand;
import io.lakeml.internal.command.ExitCodes;

/**
 * {@code spark-submit --class io.lakeml.evaluate.EvaluateMain lakeml-app.jar [--model-version N]}.
 * Runs {@link EvaluateCommand}; the spark-submit classes keep their jobs' packages, the names
 * documented for spark-submit, and live with the command line they start.
 */
public final class EvaluateMain {
  private EvaluateMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new EvaluateCommand()).execute(args));
  }
}
