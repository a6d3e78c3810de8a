package io.lakeml.evaluate;

import io.lakeml.command.ExitCodes;

/** {@code spark-submit --class io.lakeml.evaluate.EvaluateMain lakeml-app.jar [--model-version N]}. */
public final class EvaluateMain {
  private EvaluateMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new EvaluateCommand()).execute(args));
  }
}
