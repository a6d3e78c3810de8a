package io.lakeml.prep;

import io.lakeml.command.CommonOptions;
import io.lakeml.command.HelpOption;
import io.lakeml.command.JobLauncher;
import io.lakeml.command.WindowOptions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.data.SampleData;
import io.lakeml.dataset.DateWindow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lakeml prep [--date D | --from D1 --to D2]}. */
@Command(
    name = "prep",
    description = {
      "Validate raw data against the dataset's contract with Deequ, quarantine bad rows with a",
      "reason, and write prepared_<dataset> for exactly the window (reruns replace it), with a",
      "quality report and the drift baseline. Exit 3 (DATA) when a check fails."
    })
public final class PrepCommand implements Callable<Integer> {
  @Mixin HelpOption help;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Mixin WindowOptions dates;

  @Override
  public Integer call() {
    DateWindow window = dates.window();
    LakemlConfig config = common.load();
    fetchSampleIfNeeded(config);
    PrintWriter out = spec.commandLine().getOut();
    JobLauncher.run("prep", config, (spark, c, run) -> {
      try {
        out.print(PrepJob.create(spark, c, window, run).run().summary());
      } finally {
        out.flush();
      }
    });
    return 0;
  }

  /** The sample dataset (or an example dataset of its package) is fetched on first use when it is the source. */
  static void fetchSampleIfNeeded(LakemlConfig config) {
    SampleData.ensureSource(config.sampleData(), config.requireDataset().source().path());
  }
}
