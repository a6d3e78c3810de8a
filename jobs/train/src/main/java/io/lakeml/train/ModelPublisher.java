package io.lakeml.train;

import com.google.gson.GsonBuilder;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lineage.BuildInfo;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.internal.model.ArtefactFiles;
import io.lakeml.internal.model.ModelTask;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelVersion;
import io.lakeml.internal.runs.RunTracker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes the model artefact under {@code <root>/models/<name>/<version>/} — the network, the fitted
 * feature pipeline, metadata and the training log, with a SHA-256 manifest — into a temporary
 * folder first and publishes it by one rename, then registers it as a {@code dev} version.
 */
final class ModelPublisher {
  private ModelPublisher() {}

  static TrainResult publish(SparkSession spark, LakemlConfig config, Lakehouse lakehouse, RunTracker run,
      TrainingInput input, PipelineModel pipeline, MultiLayerConfiguration conf, Trainer.Outcome outcome,
      long trainRows, long validationRows, double latencyMsPer1000, ModelTask task) {
    DatasetConfig d = config.requireDataset();
    String name = config.train().modelName().orElse(d.name());
    ModelRegistry registry = new ModelRegistry(spark, lakehouse);
    long version = registry.nextVersion(name);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String target = lakehouse.modelsRoot() + "/" + name + "/" + version;
    String tmp = lakehouse.modelsRoot() + "/" + name + "/.tmp-" + run.runId();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.setParams(Nd4j.create(outcome.best(), new long[] {1, outcome.best().length}, DataType.FLOAT));
    writeNetwork(hadoop, net, tmp + "/network.zip");
    try {
      pipeline.write().overwrite().save(tmp + "/pipeline");
    } catch (IOException e) {
      throw io.lakeml.errors.Errors.storageFailed("write the feature pipeline to", tmp, e);
    }
    Map<String, Object> metadata = metadata(config, d, input, run, name, version, outcome, net, trainRows, validationRows);
    metadata.put("task", task.toMetadata());
    metadata.put("output_schema", outputSchema(d, task));
    metadata.put("scoring_ms_per_1000_rows", latencyMsPer1000);
    ArtefactFiles.writeText(hadoop, tmp + "/metadata.json", new GsonBuilder().setPrettyPrinting().create().toJson(metadata));
    ArtefactFiles.writeText(hadoop, tmp + "/training-log.json", new GsonBuilder().setPrettyPrinting().create().toJson(outcome.log()));
    String sha = ArtefactFiles.writeManifest(hadoop, tmp);
    OrphanedArtefact.setAside(spark, lakehouse, target, version);
    ArtefactFiles.publish(hadoop, tmp, target);
    run.output(new DataRef("model " + name + " v" + version, target, java.util.Optional.empty(), java.util.Optional.of(sha), ""));
    Map<String, Double> metrics = new LinkedHashMap<>();
    String lossName = task.classifier() ? "validation_log_loss" : "validation_mse";
    String metricName = "validation_" + outcome.metric();
    metrics.put(lossName, outcome.bestLoss());
    metrics.put(metricName, outcome.bestMetric());
    registry.registerDev(new ModelVersion(name, version, ModelRegistry.DEV, run.runId(), metrics,
        config.resolved().json(), input.version(), input.contentHash(), BuildInfo.current().gitCommit(),
        inputSchema(d), outputSchema(d, task),
        latencyMsPer1000, "cpu: 1 core, heap ~" + heapMb(net) + " MB for the network", target, sha, Instant.now()),
        System.getProperty("user.name", "unknown"));
    run.metric("model", name + " v" + version);
    run.metric(metricName, outcome.bestMetric());
    run.metric(lossName, outcome.bestLoss());
    run.metric("best_epoch", outcome.bestEpoch());
    run.metric("parameters", net.numParams());
    return new TrainResult(name, version, target, sha, input.version(), input.contentHash(), trainRows,
        validationRows, (int) net.numParams(), outcome.bestLoss(), outcome.metric(), outcome.bestMetric(), outcome.bestEpoch(),
        TrainJob.describe(outcome.log()), outcome.resumedFrom(), outcome.best());
  }

  private static void writeNetwork(Configuration hadoop, MultiLayerNetwork net, String target) {
    try {
      File local = Files.createTempFile("lakeml-network", ".zip").toFile();
      try {
        ModelSerializer.writeModel(net, local, false); // inference only: no updater state
        Path to = new Path(target);
        to.getFileSystem(hadoop).copyFromLocalFile(new Path(local.toURI()), to);
      } finally {
        local.delete();
      }
    } catch (IOException e) {
      throw io.lakeml.errors.Errors.storageFailed("write the network to", target, e);
    }
  }

  private static Map<String, Object> metadata(LakemlConfig config, DatasetConfig d, TrainingInput input, RunTracker run,
      String name, long version, Trainer.Outcome outcome, MultiLayerNetwork net, long trainRows, long validationRows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("version", version);
    m.put("training_run_id", run.runId());
    m.put("git_commit", BuildInfo.current().gitCommit());
    m.put("data_table", input.table());
    m.put("data_version", input.version());
    m.put("data_content_hash", input.contentHash());
    m.put("training_window", input.window());
    m.put("train_rows", trainRows);
    m.put("validation_rows", validationRows);
    m.put("input_schema", inputSchema(d));
    m.put("features", d.features());
    m.put("label", d.label());
    m.put("parameters", net.numParams());
    m.put("heap_mb", heapMb(net));
    m.put("best_epoch", outcome.bestEpoch());
    m.put("validation_loss", outcome.bestLoss());
    m.put("validation_" + outcome.metric(), outcome.bestMetric());
    m.put("network", net.getLayerWiseConfigurations().toJson());
    m.put("config", config.resolved().json());
    return m;
  }

  /** What scoring writes for each row, by the model's kind. */
  static String outputSchema(DatasetConfig d, ModelTask task) {
    return switch (task.kind()) {
      case BINARY -> "score double (probability of " + d.label().name() + " = 1), predicted_label int";
      case MULTICLASS -> "predicted_class string (one of " + task.classes().size() + " classes), score double "
          + "(its probability), probabilities map<string,double>";
      case REGRESSION -> "prediction double (" + d.label().name() + ")";
    };
  }

  /** The raw columns the model needs at scoring time, with their declared types. */
  static String inputSchema(DatasetConfig d) {
    List<ColumnSpec> serving = d.servingColumns();
    return String.join(", ", serving.stream().map(c -> c.name() + " " + c.type().name().toLowerCase()).toList());
  }

  private static long heapMb(MultiLayerNetwork net) {
    return Math.max(1, net.numParams() * 4 * 4 / (1024 * 1024)); // params, gradients, updater state, copies
  }
}
