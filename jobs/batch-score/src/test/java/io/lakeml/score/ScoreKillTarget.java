package io.lakeml.score;

import java.nio.file.Paths;

/** Child-JVM entry of {@link ScoreKillTest}: scores May 1 in the given home until it is killed. */
public final class ScoreKillTarget {
  private ScoreKillTarget() {}

  public static void main(String[] args) {
    new ScoreFixture(Paths.get(args[0])).score(ScoreFixture.MAY_1, ScoreKillTest.SLOW);
    System.exit(0);
  }
}
