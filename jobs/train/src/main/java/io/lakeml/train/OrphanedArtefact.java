package io.lakeml.train;

import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.model.ArtefactFiles;
import io.lakeml.internal.runs.RunLedger;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An artefact at the path of a version the registry does not have: a train run published it and
 * died before registering it (the window between the rename and the registry commit). Once the
 * ledger records that run as ended, nothing can ever register the folder, so it is moved aside
 * (to {@code .orphaned-<version>-<run>} beside it, kept for inspection) and the version number is
 * reused. While the run is still open, it may yet register it: the folder stays and the train
 * fails EXTERNAL (retry once that run has ended).
 */
final class OrphanedArtefact {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedArtefact.class);

  private OrphanedArtefact() {}

  /** Called with the path of the next, unregistered version, just before publishing to it. */
  static void setAside(SparkSession spark, Lakehouse lakehouse, String target, long version) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Optional<String> writer = ArtefactFiles.readText(hadoop, target + "/metadata.json").map(OrphanedArtefact::trainingRun);
    if (writer.isEmpty() || writer.get().isEmpty()) {
      return; // nothing there, or not lakeml's: publishing refuses to overwrite it
    }
    if (!new RunLedger(spark, lakehouse).has(writer.get())) { // the next run of any job records a killed one
      throw io.lakeml.errors.Errors.artefactOfAnOpenRun(target, writer.get());
    }
    String aside = target.substring(0, target.lastIndexOf('/') + 1) + ".orphaned-" + version + "-" + writer.get();
    if (ArtefactFiles.moveAside(hadoop, target, aside)) {
      LOG.warn("{} was published by run {}, which ended without registering it; moved aside to {}", target,
          writer.get(), aside);
    }
  }

  /** The run that wrote the artefact; empty when the file does not say (then it is not lakeml's to move). */
  private static String trainingRun(String metadataJson) {
    try {
      com.google.gson.JsonElement run = com.google.gson.JsonParser.parseString(metadataJson).getAsJsonObject()
          .get("training_run_id");
      return run == null || !run.isJsonPrimitive() ? "" : run.getAsString();
    } catch (RuntimeException e) { // not JSON, or not an object
      return "";
    }
  }
}
