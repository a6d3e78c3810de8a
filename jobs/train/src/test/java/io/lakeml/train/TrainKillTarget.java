package io.lakeml.train;

import java.nio.file.Paths;

/** Child-JVM entry of {@link TrainKillTest}: trains in the given home until it is killed. */
public final class TrainKillTarget {
  private TrainKillTarget() {}

  public static void main(String[] args) {
    TrainFixture f = new TrainFixture(Paths.get(args[0]));
    for (int i = 1; i < args.length; i++) {
      f.set(args[i]);
    }
    f.train();
    System.exit(0);
  }
}
