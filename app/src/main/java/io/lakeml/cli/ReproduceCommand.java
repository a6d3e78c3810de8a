package io.lakeml.cli;

import io.lakeml.api.ReproduceAction;
import io.lakeml.api.ReproduceRun;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.config.ConfigLoader;
import io.lakeml.errors.ErrorCategory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml reproduce --model-version N [--model NAME] [--strict]}: {@link ReproduceAction}. */
@Command(
    name = "reproduce",
    description = {
      "Retrain a registered version with exactly its recorded config, prepared data version and",
      "partitioning, in a scratch folder (never registered, no production table touched), and compare",
      "it with the registered artefact: parameters bit for bit, the feature pipeline's fitted state,",
      "the per-epoch losses. Prints IDENTICAL (exit 0) or DIFFERENT with the first differences (exit 4)."
    })
public final class ReproduceCommand implements Callable<Integer> {
  @Mixin HelpOption help;
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--model-version", required = true, paramLabel = "N", description = "The registered version.")
  long version;

  @Option(names = "--model", paramLabel = "NAME", description = "Registered model name (default: the configured one).")
  String model;

  @Option(names = "--strict", description = "Refuse when this build's commit is not the one the version was trained at.")
  boolean strict;

  @Option(names = "--change", paramLabel = "KEY=VALUE",
      description = "Change a recorded config key in the reproduction (a what-if: expect DIFFERENT). Repeatable.")
  List<String> changes = new ArrayList<>();

  @Option(names = "--data-version", paramLabel = "V",
      description = "Train on this prepared data version instead of the recorded one (a what-if).")
  Long dataVersion;

  @Option(names = "--scratch", paramLabel = "URI", description = "Where to train (default: <root>/scratch/<run id>).")
  String scratch;

  @Option(names = "--keep-scratch", description = "Keep the scratch folder (checkpoints, pipeline) for inspection.")
  boolean keepScratch;

  @Override
  public Integer call() {
    java.util.Map<String, String> what = ConfigLoader.assignments(changes); // a bad --change fails before Spark starts
    ReproduceAction action = ApiSession.start(common, "reproduce").reproduce(version);
    what.forEach(action::change);
    if (model != null) {
      action.model(model);
    }
    if (strict) {
      action.strict();
    }
    if (dataVersion != null) {
      action.dataVersion(dataVersion);
    }
    if (scratch != null) {
      action.scratch(scratch);
    }
    if (keepScratch) {
      action.keepScratch();
    }
    ReproduceRun run = action.execute();
    PrintWriter out = spec.commandLine().getOut();
    out.print(run.summary());
    out.flush();
    return run.identical() ? 0 : ErrorCategory.GATE.exitCode();
  }
}
