package io.lakeml.internal.command;

import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** Starts Spark for a command; a failure to start is an EXTERNAL error (worth a retry). */
public final class Sessions {
  private Sessions() {}

  public static SparkSession start(LakemlConfig config, String job) {
    try {
      return SparkSessions.create(config.spark(), config.dl4j(), job);
    } catch (RuntimeException e) {
      throw Errors.sparkUnavailable(config.spark().master().orElse("(from spark-submit)"), e);
    }
  }
}
