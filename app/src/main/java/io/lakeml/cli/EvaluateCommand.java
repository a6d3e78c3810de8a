package io.lakeml.cli;

import io.lakeml.api.EvaluateAction;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml evaluate [--model-version N]}: {@link EvaluateAction}. */
@Command(
    name = "evaluate",
    description = {
      "Evaluate a model version on the test split of its training data; the gate moves a passing",
      "version to staging. Exit 4 (GATE) when it fails: a verdict, not worth a retry."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = "--model-version", paramLabel = "N", description = "Model version (default: the newest dev version).")
  Long version;

  @Override
  public Integer call() {
    EvaluateAction action = ApiSession.start(common, "evaluate").evaluate();
    if (version != null) {
      action.modelVersion(version);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(action.execute().summary());
    out.flush();
    return 0;
  }
}
