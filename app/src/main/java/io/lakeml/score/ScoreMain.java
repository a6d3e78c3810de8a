package io.lakeml.score;

import io.lakeml.cli.ScoreCommand;
import io.lakeml.internal.command.ExitCodes;

/**
 * {@code spark-submit --class io.lakeml.score.ScoreMain lakeml-app.jar --date D | --from D1 --to D2}.
 * Runs {@link ScoreCommand}; the spark-submit classes keep their jobs' packages, the names
 * documented for spark-submit, and live with the command line they start.
 */
public final class ScoreMain {
  private ScoreMain() {}

  public static void main(String[] args) {
    System.exit(ExitCodes.commandLine(new ScoreCommand()).execute(args));
  }
}
