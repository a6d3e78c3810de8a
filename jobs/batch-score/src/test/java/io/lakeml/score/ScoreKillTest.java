package io.lakeml.score;

import static io.lakeml.score.ScoreFixture.MAY_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring JVM killed with SIGKILL while it writes a date that was scored before: readers keep
 * seeing the previous complete content (the data files written so far belong to no commit), and
 * the rerun ends with exactly the same rows.
 */
class ScoreKillTest {
  /** One row per mini-batch: the write stays open long enough to be killed in the middle. */
  static final String SLOW = "lakeml.score.batch-size=1";
  @TempDir Path home;

  @Test
  void sigkillDuringTheWriteLeavesNoPartialDataAndTheRerunIsExact() throws Exception {
    ScoreFixture f = new ScoreFixture(home).twoProductionVersions().raw(20_000);
    ScoreResult first = f.score(MAY_1);
    String content = f.content(MAY_1);
    long committed = f.scoredVersion();
    Path partition = home.resolve("lakehouse/tables/scored_flights/score_date=" + MAY_1);
    List<Path> filesBefore = dataFiles(partition);

    Process child = ChildJvm.start(ScoreKillTarget.class, home.resolve("child.log"), home.toString());
    int partialFiles = killOnceNewFilesAppear(child, partition, filesBefore);

    assertThat(partialFiles).as("data files the killed run left behind").isPositive();
    assertThat(f.scoredVersion()).as("no commit by the killed run").isEqualTo(committed);
    assertThat(f.scored(MAY_1).count()).isEqualTo(first.rowsScored());
    assertThat(f.content(MAY_1)).as("readers see the previous content").isEqualTo(content);

    ScoreResult rerun = f.score(MAY_1);

    assertThat(rerun.rowsScored()).isEqualTo(first.rowsScored());
    assertThat(f.scored(MAY_1).count()).isEqualTo(first.rowsScored());
    assertThat(f.content(MAY_1)).isEqualTo(content);
  }

  /** Polls the date's partition; kills the child as soon as it has started writing new files. */
  private static int killOnceNewFilesAppear(Process child, Path partition, List<Path> before) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline && child.isAlive()) {
      List<Path> now = dataFiles(partition);
      now.removeAll(before);
      if (!now.isEmpty()) {
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup, no commit
        child.waitFor();
        return now.size();
      }
      Thread.sleep(5);
    }
    child.destroyForcibly();
    throw new AssertionError("The child never started writing (exit " + (child.isAlive() ? "none" : child.exitValue())
        + "); see child.log");
  }

  private static List<Path> dataFiles(Path partition) throws Exception {
    if (!Files.isDirectory(partition)) {
      return new ArrayList<>();
    }
    try (Stream<Path> files = Files.list(partition)) {
      return new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList());
    }
  }
}
