package io.lakeml.testing;

import io.lakeml.config.Dl4jConfig;
import io.lakeml.config.SparkConfig;
import io.lakeml.spark.SparkSessions;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of a test JVM: local[2], UI off, 2 shuffle partitions, bound to
 * 127.0.0.1, Delta enabled exactly as in production (same {@link SparkSessions} code path).
 */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      SparkConfig config =
          new SparkConfig(
              Optional.of("local[2]"),
              "lakeml-test",
              2,
              false,
              Map.of(
                  "spark.driver.host", "127.0.0.1",
                  "spark.driver.bindAddress", "127.0.0.1",
                  "spark.sql.adaptive.enabled", "false",
                  "spark.databricks.delta.snapshotPartitions", "2"));
      spark = SparkSessions.create(config, new Dl4jConfig(1), "test");
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }
}
