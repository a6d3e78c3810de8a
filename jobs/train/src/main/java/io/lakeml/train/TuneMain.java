package io.lakeml.train;

import io.lakeml.command.ExitCodes;

/** {@code spark-submit --class io.lakeml.train.TuneMain lakeml-app.jar [--data-version V]}. */
public final class TuneMain {
  private TuneMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new TuneCommand()).execute(args));
  }
}
