package io.lakeml.cli;

import io.lakeml.internal.command.ExitCodes;

/**
 * Entry point of {@code bin/lakeml} and of {@code spark-submit --class io.lakeml.cli.LakemlMain
 * lakeml-app.jar <command> ...}. The exit code tells the category of a failure (see README).
 */
public final class LakemlMain {
  private LakemlMain() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return ExitCodes.commandLine(new LakemlCommand()).execute(args);
  }
}
