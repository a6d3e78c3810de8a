package io.lakeml.train;

import io.lakeml.command.ExitCodes;

/** {@code spark-submit --class io.lakeml.train.ReproduceMain lakeml-app.jar --model-version N [--strict]}. */
public final class ReproduceMain {
  private ReproduceMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new ReproduceCommand()).execute(args));
  }
}
