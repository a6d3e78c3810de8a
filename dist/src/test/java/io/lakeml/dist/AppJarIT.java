package io.lakeml.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar for spark-submit holds our code, Delta, Deequ and DL4J/ND4J (CPU), and none
 * of the classes the cluster provides: no class of any jar of the Spark runtime (Spark, Scala,
 * Hadoop and what they bring).
 */
class AppJarIT {
  static JarFile app;
  static Set<String> appClasses;

  @BeforeAll
  static void open() throws IOException {
    app = new JarFile(System.getProperty("lakeml.app.jar"));
    appClasses = app.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).collect(Collectors.toSet());
  }

  /** Every class of every jar a Spark installation of our version holds (tools/spark-runtime). */
  @Test
  void holdsNoClassTheSparkRuntimeProvides() throws IOException {
    String classpath = Files.readString(Path.of(System.getProperty("lakeml.spark.classpath"))).trim();
    Set<String> provided = new HashSet<>();
    int jars = 0;
    for (String jar : classpath.split(File.pathSeparator)) {
      jars++;
      try (JarFile f = new JarFile(jar)) {
        f.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(provided::add);
      }
    }
    provided.removeIf(n -> n.startsWith("org/apache/spark/unused/") || n.endsWith("module-info.class"));
    // Shipped on purpose: DL4J needs gson >= 2.8 (pinned 2.10.1) while Spark distributions ship
    // 2.2.4; ND4J's guava jar carries guava's publicsuffix classes and the JSR-305 annotations
    // unrelocated (annotations only: no behaviour to clash).
    provided.removeIf(n -> n.startsWith("com/google/gson/") || n.startsWith("com/google/thirdparty/")
        || n.startsWith("javax/annotation/"));
    Set<String> shipped = new TreeSet<>(appClasses);
    shipped.retainAll(provided);

    assertThat(jars).as("jars of the Spark runtime").isGreaterThan(100);
    assertThat(provided).contains("org/apache/spark/SparkContext.class", "scala/Predef.class", "org/apache/hadoop/fs/FileSystem.class");
    assertThat(shipped).as("classes the cluster provides, shipped anyway").isEmpty();
  }

  @Test
  void holdsLakemlDeltaDeequAndTheCpuBackend() {
    assertThat(appClasses)
        .contains(
            "io/lakeml/cli/LakemlMain.class",
            "io/delta/tables/DeltaTable.class",
            "com/amazon/deequ/VerificationSuite.class",
            "org/deeplearning4j/nn/multilayer/MultiLayerNetwork.class",
            "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class");
    assertThat(app.getEntry("application.conf")).as("reference config").isNotNull();
    assertThat(app.getEntry("org/bytedeco/openblas/linux-x86_64/libopenblas.so.0")).isNotNull();
  }

  @Test
  void serviceFilesAreMergedNotOverwritten() throws IOException {
    assertThat(service("org.apache.spark.sql.sources.DataSourceRegister")).contains("org.apache.spark.sql.delta.sources.DeltaDataSource");
    assertThat(service("org.nd4j.linalg.factory.Nd4jBackend")).contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
  }

  private static List<String> service(String name) throws IOException {
    var entry = app.getEntry("META-INF/services/" + name);
    assertThat(entry).as("service file " + name).isNotNull();
    try (var in = app.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).toList();
    }
  }
}
