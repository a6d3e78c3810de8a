package io.lakeml.prep;

import io.lakeml.cli.PrepCommand;
import io.lakeml.internal.command.ExitCodes;

/**
 * {@code spark-submit --class io.lakeml.prep.PrepMain lakeml-app.jar [--date D] ...}.
 * Runs {@link PrepCommand}; the spark-submit classes keep their jobs' packages, the names
 * documented for spark-submit, and live with the command line they start.
 */
public final class PrepMain {
  private PrepMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new PrepCommand()).execute(args));
  }
}
