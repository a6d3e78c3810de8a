package io.lakeml.prep;

import io.lakeml.command.ExitCodes;

/** {@code spark-submit --class io.lakeml.prep.PrepMain lakeml-app.jar [--date D] ...}. */
public final class PrepMain {
  private PrepMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new PrepCommand()).execute(args));
  }
}
