package io.lakeml.prep;

import io.lakeml.cli.CommonOptions;
import io.lakeml.cli.JobLauncher;
import io.lakeml.cli.WindowOptions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.data.SampleData;
import io.lakeml.dataset.DateWindow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lakeml prep [--date D | --from D1 --to D2]}. */
@Command(
    name = "prep",
    mixinStandardHelpOptions = true,
    description = {
      "Validate raw data against the dataset's contract with Deequ, quarantine bad rows with a",
      "reason, and write prepared_<dataset> for exactly the window (reruns replace it), with a",
      "quality report and the drift baseline. Exit 3 (DATA) when a check fails."
    })
public final class PrepCommand implements Callable<Integer> {
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

  /** The sample dataset is fetched on first use when it is the configured source. */
  static void fetchSampleIfNeeded(LakemlConfig config) {
    Path sample = SampleData.localFile(config.sampleData());
    String source = config.requireDataset().source().path();
    if (source.startsWith("file:") && Paths.get(java.net.URI.create(source)).equals(sample)) {
      SampleData.ensure(config.sampleData());
    }
  }
}
