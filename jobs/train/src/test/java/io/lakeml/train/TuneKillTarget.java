package io.lakeml.train;

import java.nio.file.Paths;

/** Child-JVM entry of {@link TuneJobTest}: searches in the given home until it is killed. */
public final class TuneKillTarget {
  private TuneKillTarget() {}

  public static void main(String[] args) {
    TrainFixture f = new TrainFixture(Paths.get(args[0]));
    for (int i = 1; i < args.length; i++) {
      f.set(args[i]);
    }
    TuneJobTest.tune(f);
    System.exit(0);
  }
}
