package io.lakeml.cli;

import io.lakeml.api.Lakeml;
import io.lakeml.api.TrainAction;
import io.lakeml.api.TrainRun;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.monitoring.RetrainRequests;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml train [--data-version V] [--request ID] [--tuned FILE]}: {@link TrainAction}. */
@Command(
    name = "train",
    description = {
      "Train the configured network on prepared_<dataset> (data-parallel on the executors, with a",
      "checkpoint every epoch: rerunning the same config and data resumes), write the model",
      "artefact and register it as a dev version. --request trains on a retraining request's window",
      "and marks it started; evaluate the version next (promotion still needs an approval)."
    })
public final class TrainCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--data-version", description = "Delta version of prepared_<dataset> (default: latest).")
  Long dataVersion;

  /** {@code --request next}: the dataset's open request, whatever its id. */
  static final String NEXT = "next";

  @Option(names = "--request", paramLabel = "ID",
      description = "Train on the window of this open retraining request (retrain_requests) and mark it started; "
          + "'next': the dataset's open request, and exit 4 (nothing to do) when there is none.")
  String request;

  @Option(names = "--tuned", paramLabel = "FILE",
      description = "A training config written by lakeml tune: its lakeml.train.network keys override the configured "
          + "ones (the version records the config it trained with).")
  String tuned;

  @Override
  public Integer call() {
    Lakeml lakeml = ApiSession.start(common, "train");
    PrintWriter out = spec.commandLine().getOut();
    TrainAction action = lakeml.train();
    if (dataVersion != null) {
      action.dataVersion(dataVersion);
    }
    if (tuned != null) {
      action.tuned(tuned);
    }
    if (request != null) {
      Optional<String> id = request.equals(NEXT) ? openRequest(lakeml) : Optional.of(request);
      if (id.isEmpty()) {
        out.printf("No open retraining request for %s: nothing to train.%n", lakeml.config().requireDataset().name());
        out.flush();
        return ErrorCategory.GATE.exitCode();
      }
      action.request(id.get());
    }
    TrainRun run = action.execute();
    out.print(run.summary());
    run.request().ifPresent(id -> out.printf("Retraining request %s: marked started%n", id));
    out.flush();
    return 0;
  }

  private static Optional<String> openRequest(Lakeml lakeml) {
    return RetrainRequests.openOf(lakeml.spark(), Lakehouse.of(lakeml.config()), lakeml.config().requireDataset().name());
  }
}
