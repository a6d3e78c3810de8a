package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spot instance taken away: the training JVM is killed with SIGKILL during epoch 2 of 4; the
 * rerun resumes from the newest complete checkpoint and ends with the very parameters of a run
 * that was never interrupted, and {@code lakeml reproduce} of the resumed version (one run from
 * scratch) is IDENTICAL.
 */
class TrainKillTest {
  static final String[] FOUR_EPOCHS = {"lakeml.train.network.epochs=4"};
  @TempDir Path home;
  @TempDir Path reference;

  @Test
  void sigkillDuringEpochTwoThenRerunResumesAndMatchesAnUninterruptedRun() throws Exception {
    TrainFixture uninterrupted = new TrainFixture(reference).prepared(20_000);
    uninterrupted.set(FOUR_EPOCHS[0]);
    float[] expected = uninterrupted.train().parameters();

    TrainFixture f = new TrainFixture(home).prepared(20_000);
    f.set(FOUR_EPOCHS[0]);
    Process child = ChildJvm.start(TrainKillTarget.class, home.resolve("child.log"), childArgs(home));
    List<String> completeAtKill = waitForEpochOneThenKill(child, home.resolve("lakehouse/checkpoints"));

    assertThat(completeAtKill).as("killed during epoch 2").contains("epoch-0001-round-0000")
        .doesNotContain("epoch-0002-round-0000");
    TrainResult resumed = f.train();

    assertThat(resumed.resumedFrom()).hasValueSatisfying(c -> assertThat(c).endsWith("epoch-0001-round-0000"));
    assertThat(Arrays.equals(resumed.parameters(), expected)).as("bit-identical parameters").isTrue();
    ReproduceResult reproduced = ReproduceTest.reproduce(f, new ReproduceJob.Request(java.util.Optional.empty(),
        resumed.version(), false, java.util.Map.of(), java.util.Optional.empty(), java.util.Optional.empty(), false));
    assertThat(reproduced.differences()).as("a version trained with a kill and resume reproduces").isEmpty();
    assertThat(reproduced.epochsCompared()).as("the epochs run after the resume").isEqualTo(3);
  }

  private static String[] childArgs(Path home) {
    List<String> args = new ArrayList<>(List.of(home.toString()));
    args.addAll(List.of(FOUR_EPOCHS));
    return args.toArray(String[]::new);
  }

  /** Polls for epoch 1's complete checkpoint, kills the child at once, returns what was complete. */
  private static List<String> waitForEpochOneThenKill(Process child, Path checkpoints) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (complete(checkpoints).contains("epoch-0001-round-0000")) {
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        child.waitFor();
        return complete(checkpoints);
      }
      Thread.sleep(5);
    }
    child.destroyForcibly();
    throw new AssertionError("The child never completed epoch 1 (exit " + (child.isAlive() ? "none" : child.exitValue())
        + "); see its log");
  }

  private static List<String> complete(Path checkpoints) throws Exception {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(checkpoints)) {
      return names;
    }
    try (var keys = Files.list(checkpoints)) {
      for (Path key : keys.toList()) {
        File[] dirs = key.toFile().listFiles(File::isDirectory);
        for (File d : dirs == null ? new File[0] : dirs) {
          if (new File(d, Checkpoints.COMPLETE).exists()) {
            names.add(d.getName());
          }
        }
      }
    }
    return names;
  }
}
