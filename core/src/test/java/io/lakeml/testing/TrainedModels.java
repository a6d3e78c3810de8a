package io.lakeml.testing;

import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.features.Split;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.ContentHash;
import io.lakeml.internal.model.ArtefactFiles;
import io.lakeml.internal.model.BatchScorer;
import io.lakeml.internal.model.Canaries;
import io.lakeml.internal.model.LoadedModel;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelVersion;
import java.io.File;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small real model for the stages after training: the shared feature pipeline fitted on the
 * train split of a prepared table, a tiny DL4J network fitted on the driver (test data only), the
 * artefact layout with its SHA-256 manifest, and a dev registration.
 */
public final class TrainedModels {
  private TrainedModels() {}

  public static long registerDev(SparkSession spark, LakemlConfig config, long dataVersion, int epochs, String runId) throws Exception {
    DatasetConfig d = config.requireDataset();
    Lakehouse lakehouse = Lakehouse.of(config);
    Dataset<Row> prepared = spark.read().format("delta").option("versionAsOf", dataVersion)
        .load(lakehouse.tablePath(TableNames.prepared(d.name())));
    Dataset<Row> train = new Split(config.train().validationFraction(), config.train().testFraction())
        .train(io.lakeml.dataset.RowIdentity.with(prepared, d));
    PipelineModel pipeline = FeaturePipeline.build(d).fit(train);
    List<Row> rows = pipeline.transform(train).select(FeaturePipeline.FEATURES, d.label().name()).collectAsList();
    int width = ((Vector) rows.get(0).get(0)).size();
    float[] x = new float[rows.size() * width];
    float[] y = new float[rows.size() * 2];
    for (int r = 0; r < rows.size(); r++) {
      double[] v = ((Vector) rows.get(r).get(0)).toArray();
      for (int i = 0; i < width; i++) {
        x[r * width + i] = (float) v[i];
      }
      y[r * 2 + ((Number) rows.get(r).get(1)).intValue()] = 1f;
    }
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
        .updater(new Adam(0.01)).list()
        .layer(new DenseLayer.Builder().nIn(width).nOut(8).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2).activation(Activation.SOFTMAX).build())
        .build());
    net.init();
    DataSet all = new DataSet(Nd4j.create(x, new long[] {rows.size(), width}, DataType.FLOAT),
        Nd4j.create(y, new long[] {rows.size(), 2}, DataType.FLOAT));
    for (int e = 0; e < epochs; e++) {
      net.fit(all);
    }
    ModelRegistry registry = new ModelRegistry(spark, lakehouse);
    long version = registry.nextVersion(d.name());
    String dir = lakehouse.modelsRoot() + "/" + d.name() + "/" + version;
    File local = Files.createTempFile("net", ".zip").toFile();
    ModelSerializer.writeModel(net, local, false);
    Path target = new Path(dir + "/network.zip");
    target.getFileSystem(spark.sparkContext().hadoopConfiguration()).copyFromLocalFile(true, new Path(local.toURI()), target);
    pipeline.write().overwrite().save(dir + "/pipeline");
    String sha = ArtefactFiles.writeManifest(spark.sparkContext().hadoopConfiguration(), dir);
    registry.registerDev(new ModelVersion(d.name(), version, "dev", runId, Map.of(), config.resolved().json(),
        dataVersion, ContentHash.of(prepared), "test", "", "", 1.0, "cpu", dir, sha, Instant.now()), "test");
    return version;
  }

  /**
   * Stores the canary batch of {@code version} (trained on {@code dataVersion}) as evaluation
   * would: its test split scored by the model, so the scoring job's health check can replay it.
   */
  public static void storeCanary(SparkSession spark, LakemlConfig config, long dataVersion, long version) {
    DatasetConfig d = config.requireDataset();
    Lakehouse lakehouse = Lakehouse.of(config);
    Row row = new ModelRegistry(spark, lakehouse).versions()
        .where("name = '" + d.name() + "' AND version = " + version).first();
    LoadedModel model = LoadedModel.load(spark, row.getAs("artefact_uri"), row.getAs("artefact_sha256"));
    Dataset<Row> prepared = spark.read().format("delta").option("versionAsOf", dataVersion)
        .load(lakehouse.tablePath(TableNames.prepared(d.name())));
    Dataset<Row> test = new Split(config.train().validationFraction(), config.train().testFraction())
        .test(io.lakeml.dataset.RowIdentity.with(prepared, d));
    Dataset<Row> scored = BatchScorer.score(model.pipeline().transform(test), model, FeaturePipeline.FEATURES, 1024);
    Canaries.store(spark, lakehouse, d.name(), version, scored, d, "test", false);
  }
}
