package io.lakeml.internal.spark;

import io.lakeml.config.Dl4jConfig;
import io.lakeml.config.SparkConfig;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the one Spark session a job uses: Delta enabled, UTC, settings from the config. */
public final class SparkSessions {
  static final String LOCAL_DEFAULT = "local[*]";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkSessions.class);

  private SparkSessions() {}

  public static SparkSession create(SparkConfig spark, Dl4jConfig dl4j, String job) {
    SparkSession.Builder builder = SparkSession.builder().appName(spark.appName() + "-" + job);
    for (Map.Entry<String, String> e : settings(spark, dl4j).entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    builder.master(master(spark, new SparkConf()));
    return builder.getOrCreate();
  }

  /**
   * spark-submit's --master wins (it sets spark.master before our code runs), then
   * lakeml.spark.master, then local[*] for a plain java launch.
   */
  static String master(SparkConfig spark, SparkConf launched) {
    if (launched.contains("spark.master")) {
      String submitted = launched.get("spark.master");
      spark.master().filter(m -> !m.equals(submitted)).ifPresent(m ->
          LOG.info("Using spark-submit's master {} rather than lakeml.spark.master {}", submitted, m));
      return submitted;
    }
    return spark.master().orElse(LOCAL_DEFAULT);
  }

  private static final String INFER_NTZ = "spark.sql.parquet.inferTimestampNTZ.enabled";

  /** The properties lakeml sets, then the user's pass-through ones (which win). */
  public static Map<String, String> settings(SparkConfig spark, Dl4jConfig dl4j) {
    Map<String, String> s = new java.util.LinkedHashMap<>();
    s.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    s.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    s.put("spark.sql.shuffle.partitions", String.valueOf(spark.shufflePartitions()));
    s.put("spark.ui.enabled", String.valueOf(spark.uiEnabled()));
    s.put("spark.sql.session.timeZone", "UTC");
    // Timestamps as Parquet's INT64 microseconds, not the legacy INT96 Spark writes by default
    // (deprecated by Parquet; each value converted to a 12-byte Julian-day binary and dictionary-
    // coded as such: the costliest column of a prepared table's write).
    s.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    s.put("spark.sql.debug.maxToStringFields", "200"); // wide Deequ plans otherwise warn each run
    s.put("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(dl4j.ompNumThreads()));
    if (spark.localFileSystem() == SparkConfig.LocalFileSystem.NIO) {
      s.put("spark.hadoop.fs.file.impl", io.lakeml.internal.storage.NioLocalFileSystem.class.getName());
      s.put("spark.hadoop.fs.AbstractFileSystem.file.impl", io.lakeml.internal.storage.NioLocalFs.class.getName());
    }
    s.putAll(spark.properties());
    if (io.lakeml.internal.util.TimeZones.isUtc(s.get("spark.sql.session.timeZone"))) {
      // Parquet timestamps without a zone (isAdjustedToUTC=false) read as TIMESTAMP rather than
      // TIMESTAMP_NTZ. In a UTC session both hold the same microseconds, but casting NTZ to the
      // contract's TIMESTAMP converts every value through java.time: a tenth of data-prep's CPU.
      s.putIfAbsent(INFER_NTZ, "false");
    }
    return s;
  }
}
