package io.lakeml.train;

import io.lakeml.command.ExitCodes;

/** {@code spark-submit --class io.lakeml.train.TrainMain lakeml-app.jar [--data-version V]}. */
public final class TrainMain {
  private TrainMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new TrainCommand()).execute(args));
  }
}
