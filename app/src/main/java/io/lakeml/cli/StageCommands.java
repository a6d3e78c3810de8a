package io.lakeml.cli;

import io.lakeml.errors.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * Commands of stages not built yet. Each answers with a USER error that says so, so scripts and
 * DAGs written against the full command set fail clearly, not obscurely.
 */
final class StageCommands {
  private StageCommands() {}

  abstract static class NotBuilt implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Unmatched List<String> rest = new ArrayList<>();

    abstract String command();

    abstract String stage();

    @Override
    public Integer call() {
      throw Errors.stageNotBuilt(command(), stage());
    }
  }

  @Command(name = "score", mixinStandardHelpOptions = true,
      description = "Score raw rows with the production model into scored_<dataset> (not built yet).")
  static final class Score extends NotBuilt {
    String command() { return "score"; }
    String stage() { return "batch-score"; }
  }
}
