package io.lakeml.internal.command;

import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.runs.RunTracker;
import org.apache.spark.sql.SparkSession;

/** The work of one job run; it records inputs, outputs and metrics on the tracker. */
@FunctionalInterface
public interface JobBody {
  void run(SparkSession spark, LakemlConfig config, RunTracker run) throws Exception;
}
