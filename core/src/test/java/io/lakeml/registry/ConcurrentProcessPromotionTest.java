package io.lakeml.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.testing.SparkTestSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two separate JVMs (each its own Spark driver, as two Airflow tasks would be) promote two staging
 * versions at once: one production version, no lost event. Two, not more: each is a Spark driver
 * and the machine that runs the suite has two cores; more threads race in {@code ModelRegistryTest}.
 */
class ConcurrentProcessPromotionTest {
  private static final int PROCESSES = 2;
  @TempDir Path root;

  @Test
  void processesRacingNeverYieldTwoProductionVersions() throws Exception {
    ModelRegistry registry = new ModelRegistry(SparkTestSession.get(), new Lakehouse(root.toUri().toString()));
    List<Long> staged = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      long v = registry.nextVersion("m");
      registry.registerDev(new ModelVersion("m", v, "dev", "t" + i, Map.of(), "{}", 1, "h", "c", "", "", 1.0, "cpu",
          "file:/m/" + v, "sha", Instant.now()), "tester");
      registry.passEvaluation("m", v, "evaluate", "passed", "e" + i);
      staged.add(v);
    }
    List<Process> children = new ArrayList<>();
    for (long v : staged) {
      children.add(child(root.toUri().toString(), v));
    }
    int succeeded = 0;
    List<String> conflicts = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      Process p = children.get(i);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("child finished").isTrue();
      String out = Files.readString(root.resolve("child-" + staged.get(i) + ".log"));
      if (p.exitValue() == 0) {
        succeeded++;
      } else {
        assertThat(p.exitValue()).as(out).isEqualTo(5);
        conflicts.add(out);
      }
    }

    assertThat(registry.stages("m").values().stream().filter(s -> s == ModelStage.PRODUCTION)).hasSize(1);
    assertThat(succeeded).isGreaterThanOrEqualTo(1);
    assertThat(conflicts).allMatch(o -> o.contains("Another transition of model m committed"));
    assertThat(registry.events().where("to_stage = 'production'").count()).isEqualTo(succeeded);
  }

  private Process child(String rootUri, long version) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || (arg.startsWith("-D") && !arg.contains("surefire")) || arg.startsWith("-XX")) {
        command.add(arg);
      }
    }
    command.add("-Xmx700m");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), PromoteTarget.class.getName(),
        rootUri, String.valueOf(version)));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(root.resolve("child-" + version + ".log").toFile()).start();
  }
}
