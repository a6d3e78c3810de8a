package io.lakeml.config;

import java.util.Map;
import java.util.Optional;

/**
 * How the Spark session is built.
 *
 * @param master empty when spark-submit (or the environment) decides
 * @param properties extra Spark properties, passed through unchanged
 */
public record SparkConfig(
    Optional<String> master,
    String appName,
    int shufflePartitions,
    boolean uiEnabled,
    Map<String, String> properties) {

  static SparkConfig read(ConfigReader r) {
    String master = r.string("lakeml.spark.master").trim();
    return new SparkConfig(
        master.isEmpty() ? Optional.empty() : Optional.of(master),
        r.nonEmptyString("lakeml.spark.app-name"),
        r.intAtLeast("lakeml.spark.shuffle-partitions", 1),
        r.bool("lakeml.spark.ui-enabled"),
        r.stringMap("lakeml.spark.conf"));
  }
}
