package io.lakeml.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a test's main class in a separate JVM with this JVM's classpath and JVM flags (add-opens,
 * heap, system properties), output to a log file: what kill tests SIGKILL.
 */
public final class ChildJvm {
  private ChildJvm() {}

  public static Process start(Class<?> main, Path log, String... args) throws java.io.IOException {
    return start(main, log, List.of(), args);
  }

  /** As {@link #start(Class, Path, String...)}, with more JVM flags ({@code -Dname=value}) after this JVM's. */
  public static Process start(Class<?> main, Path log, List<String> flags, String... args) throws java.io.IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Xmx") || arg.startsWith("-D") || arg.startsWith("-XX")) {
        command.add(arg);
      }
    }
    command.addAll(flags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
