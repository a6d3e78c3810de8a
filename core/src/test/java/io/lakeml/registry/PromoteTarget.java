package io.lakeml.registry;

import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.testing.SparkTestSession;
import java.util.Optional;

/** Child-JVM entry of the process-level race: promotes one version, exits with lakeml's code. */
public final class PromoteTarget {
  private PromoteTarget() {}

  public static void main(String[] args) {
    int code = 0;
    try {
      new ModelRegistry(SparkTestSession.get(), new Lakehouse(args[0]))
          .promote("m", Long.parseLong(args[1]), ModelStage.PRODUCTION, Optional.of("ops"), Optional.of("race"), "ops", "p" + args[1]);
    } catch (LakemlException e) {
      System.out.println(e.getMessage());
      code = e.exitCode();
    }
    System.exit(code);
  }
}
