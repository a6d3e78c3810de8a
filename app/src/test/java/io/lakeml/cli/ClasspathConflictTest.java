package io.lakeml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The build's dependency-conflict check over the resolved runtime classpath of the launcher (this
 * module's test classpath holds every runtime jar). Maven resolves one version per coordinate;
 * what slips through is the same library under two coordinates (a relocated artefact, a fork, a
 * fat jar bundling it). This fails when a class of a library lakeml depends on is found in more
 * than one jar, naming the jars.
 */
class ClasspathConflictTest {
  /** Packages whose duplicates broke this stack, or would break it silently. */
  static final List<String> GUARDED =
      List.of(
          "org/slf4j/", "com/google/gson/", "scala/", "com/fasterxml/jackson/core/",
          "com/fasterxml/jackson/databind/", "org/apache/spark/", "io/delta/", "com/amazon/deequ/",
          "org/nd4j/linalg/", "org/deeplearning4j/nn/", "com/typesafe/config/", "picocli/",
          "org/apache/parquet/", "io/netty/", "org/apache/hadoop/fs/", "net/jpountz/lz4/",
          "org/apache/logging/log4j/core/");

  @Test
  void noGuardedClassComesFromTwoJars() throws IOException {
    Map<String, String> owner = new TreeMap<>();
    Map<String, TreeSet<String>> clashes = new TreeMap<>();
    for (String jar : runtimeJars()) {
      try (JarFile file = new JarFile(jar)) {
        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
          String name = e.nextElement().getName();
          if (name.endsWith(".class") && !name.startsWith("META-INF/") && guarded(name)) {
            String previous = owner.putIfAbsent(name, shortName(jar));
            if (previous != null && !previous.equals(shortName(jar))) {
              clashes.computeIfAbsent(previous + " <> " + shortName(jar), k -> new TreeSet<>()).add(name);
            }
          }
        }
      }
    }
    assertThat(owner).as("guarded classes found").isNotEmpty();
    assertThat(clashes).as("jar pairs that both hold the same guarded classes").isEmpty();
  }

  /** Spark puts one empty stub class into every module jar on purpose (its shading needs it). */
  static final String SPARK_STUB = "org/apache/spark/unused/";

  private static boolean guarded(String entry) {
    return GUARDED.stream().anyMatch(entry::startsWith) && !entry.startsWith(SPARK_STUB);
  }

  private static List<String> runtimeJars() {
    List<String> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && !entry.contains("surefire") && !entry.contains("junit")) {
        jars.add(entry);
      }
    }
    return jars;
  }

  private static String shortName(String jar) {
    return jar.substring(jar.lastIndexOf(File.separatorChar) + 1);
  }
}
