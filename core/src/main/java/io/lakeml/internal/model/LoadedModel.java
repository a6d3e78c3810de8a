package io.lakeml.internal.model;

import io.lakeml.errors.Errors;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A model artefact loaded for scoring: the fitted feature pipeline, the network as its
 * configuration and parameters (what executors need to rebuild it once per thread), and what it
 * predicts ({@link ModelTask}, from its metadata).
 */
public record LoadedModel(String uri, PipelineModel pipeline, String confJson, float[] params, ModelTask task) {

  /** The task its metadata records (binary for an artefact without one). */
  static ModelTask task(Configuration hadoop, String uri) {
    return ArtefactFiles.readText(hadoop, uri + "/metadata.json")
        .map(text -> ModelTask.fromMetadata(new com.google.gson.Gson().fromJson(text, java.util.Map.class).get("task")))
        .orElse(ModelTask.binary());
  }

  /**
   * Artefacts this JVM loaded, by URI and checksum, the most recently used last. A registered
   * artefact never changes (every load verifies its files against the checksum first), so loading
   * it again — evaluate's comparison with production, a challenger, an application that scores
   * through the Java API every day — reuses the loaded one instead of Spark ML's reader, which runs
   * two or three Spark jobs per pipeline stage.
   */
  private static final java.util.Map<String, LoadedModel> LOADED = new java.util.LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, LoadedModel> eldest) {
      return size() > 8;
    }
  };

  /** Verifies the artefact against its registered checksum, then loads it (or reuses it, loaded already). */
  public static LoadedModel load(SparkSession spark, String uri, String expectedSha256) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ArtefactFiles.verify(hadoop, uri, expectedSha256);
    String key = uri + "#" + expectedSha256;
    synchronized (LOADED) {
      LoadedModel loaded = LOADED.get(key);
      if (loaded != null) {
        return loaded;
      }
    }
    LoadedModel model = read(hadoop, uri);
    synchronized (LOADED) {
      LOADED.put(key, model);
    }
    return model;
  }

  private static LoadedModel read(Configuration hadoop, String uri) {
    PipelineModel pipeline = PipelineModel.load(uri + "/pipeline");
    try {
      File local = Files.createTempFile("lakeml-network", ".zip").toFile();
      try {
        Path from = new Path(uri + "/network.zip");
        from.getFileSystem(hadoop).copyToLocalFile(false, from, new Path(local.toURI()), true);
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(local, false);
        return new LoadedModel(uri, pipeline, net.getLayerWiseConfigurations().toJson(), net.params().toFloatVector(),
            task(hadoop, uri));
      } finally {
        local.delete();
      }
    } catch (IOException e) {
      throw Errors.corruptArtefact(uri, "its network cannot be read (" + e.getMessage() + ")");
    }
  }
}
