package io.lakeml.testing;

import io.lakeml.config.Dl4jConfig;
import io.lakeml.config.SparkConfig;
import io.lakeml.internal.spark.SparkSessions;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of a test JVM: local[2], UI off, 2 shuffle partitions, bound to
 * 127.0.0.1, Delta enabled exactly as in production (same {@link SparkSessions} code path). A
 * module that sets the system property {@code lakeml.test.event-log-dir} gets Spark's event log
 * there (what a history server would show), for tests that read it. {@code file:} paths are served
 * as lakeml.spark.local-file-system's default serves them, unless {@link #LOCAL_FILE_SYSTEM} says otherwise.
 */
public final class SparkTestSession {
  public static final String EVENT_LOG_DIR = "lakeml.test.event-log-dir";
  /** {@code -Dlakeml.test.local-file-system=hadoop} runs a module's tests on Hadoop's own local file system. */
  public static final String LOCAL_FILE_SYSTEM = "lakeml.test.local-file-system";
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      Map<String, String> conf = new java.util.HashMap<>(Map.of(
          "spark.driver.host", "127.0.0.1",
          "spark.driver.bindAddress", "127.0.0.1",
          "spark.sql.adaptive.enabled", "false",
          "spark.databricks.delta.snapshotPartitions", "2"));
      String eventLog = System.getProperty(EVENT_LOG_DIR);
      if (eventLog != null) {
        try {
          java.nio.file.Files.createDirectories(java.nio.file.Path.of(eventLog));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        conf.put("spark.eventLog.enabled", "true");
        conf.put("spark.eventLog.dir", java.nio.file.Path.of(eventLog).toUri().toString());
      }
      SparkConfig config = new SparkConfig(Optional.of("local[2]"), "lakeml-test", 2, false, Map.copyOf(conf),
          SparkConfig.LocalFileSystem.valueOf(System.getProperty(LOCAL_FILE_SYSTEM, "nio").toUpperCase(java.util.Locale.ROOT)));
      spark = SparkSessions.create(config, new Dl4jConfig(1), "test");
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }
}
