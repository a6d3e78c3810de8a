package io.lakeml.train;

import io.lakeml.command.CommonOptions;
import io.lakeml.command.HelpOption;
import io.lakeml.command.JobLauncher;
import io.lakeml.command.Sessions;
import io.lakeml.errors.Errors;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.monitoring.RetrainRequests;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import io.lakeml.config.LakemlConfig;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeml train [--data-version V] [--request ID]}. */
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
    LakemlConfig config = tuned == null ? common.load()
        : common.load(TunedConfig.overrides(new org.apache.hadoop.conf.Configuration(), tuned));
    PrintWriter out = spec.commandLine().getOut();
    if (request == null) {
      JobLauncher.run("train", config, (spark, c, run) -> {
        if (tuned != null) {
          run.metric("tuned_config", tuned);
        }
        print(out, TrainJob.create(spark, c, Optional.ofNullable(dataVersion), run).run());
      });
      return 0;
    }
    SparkSession spark = Sessions.start(config, "train");
    Lakehouse lakehouse = Lakehouse.of(config);
    if (request.equals(NEXT)) {
      String dataset = config.requireDataset().name();
      java.util.Optional<String> open = RetrainRequests.openOf(spark, lakehouse, dataset);
      if (open.isEmpty()) {
        out.printf("No open retraining request for %s: nothing to train.%n", dataset);
        out.flush();
        return io.lakeml.errors.ErrorCategory.GATE.exitCode();
      }
      request = open.get();
    }
    RetrainRequests.Request r = RetrainRequests.find(spark, lakehouse, request);
    if (!r.status().equals(RetrainRequests.OPEN)) {
      throw Errors.retrainRequestNotOpen(request, r.status());
    }
    Map<String, String> windowed = new java.util.TreeMap<>(Map.of("lakeml.train.from", r.windowFrom().toString(),
        "lakeml.train.to", r.windowTo().toString()));
    if (tuned != null) {
      windowed.putAll(TunedConfig.overrides(new org.apache.hadoop.conf.Configuration(), tuned));
    }
    LakemlConfig window = common.load(windowed);
    out.printf("Retraining request %s: training on %s to %s (%s)%n", request, r.windowFrom(), r.windowTo(), r.reason());
    JobLauncher.run("train", window, spark, (s, c, run) -> {
      TrainResult result = TrainJob.create(s, c, Optional.ofNullable(dataVersion), run).run();
      RetrainRequests.update(s, lakehouse, request, RetrainRequests.STARTED, "trained version " + result.version()
          + " (run " + run.runId() + "); next: lakeml evaluate --model-version " + result.version());
      print(out, result);
    });
    return 0;
  }

  private static void print(PrintWriter out, TrainResult result) {
    out.print(result.summary());
    out.flush();
  }
}
