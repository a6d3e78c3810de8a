package io.lakeml.config;

import java.util.Map;
import java.util.Optional;

/**
 * How the Spark session is built.
 *
 * @param master empty when spark-submit (or the environment) decides
 * @param properties extra Spark properties, passed through unchanged
 * @param localFileSystem the implementation of {@code file:} paths
 */
public record SparkConfig(
    Optional<String> master,
    String appName,
    int shufflePartitions,
    boolean uiEnabled,
    Map<String, String> properties,
    LocalFileSystem localFileSystem) {

  /** What serves {@code file:} paths (lakeml.spark.local-file-system). */
  public enum LocalFileSystem {
    /** Hadoop's local file system with its permission and link calls made through java.nio. */
    NIO,
    /** Hadoop's own local file system (a chmod, ls or readlink process per call without its native library). */
    HADOOP
  }

  /** The session lakeml's defaults give for {@code file:} paths. */
  public SparkConfig(Optional<String> master, String appName, int shufflePartitions, boolean uiEnabled,
      Map<String, String> properties) {
    this(master, appName, shufflePartitions, uiEnabled, properties, LocalFileSystem.NIO);
  }

  static SparkConfig read(ConfigReader r) {
    String master = r.string("lakeml.spark.master").trim();
    return new SparkConfig(
        master.isEmpty() ? Optional.empty() : Optional.of(master),
        r.nonEmptyString("lakeml.spark.app-name"),
        r.intAtLeast("lakeml.spark.shuffle-partitions", 1),
        r.bool("lakeml.spark.ui-enabled"),
        r.stringMap("lakeml.spark.conf"),
        r.oneOf("lakeml.spark.local-file-system", LocalFileSystem.class));
  }
}
