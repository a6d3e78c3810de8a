package io.lakeml.train;

import static org.apache.spark.sql.functions.col;

import io.lakeml.config.LakemlConfig;
import io.lakeml.config.TrainConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.features.InputLayout;
import io.lakeml.internal.features.Split;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.model.Batch;
import io.lakeml.internal.model.ModelTask;
import io.lakeml.internal.runs.RunTracker;
import io.lakeml.internal.util.Hashing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * train: prepared rows at a pinned Delta version -> deterministic split -> Spark ML feature
 * pipeline fitted on the train part -> DL4J network trained data-parallel on the executors with
 * synchronous parameter averaging, validated and checkpointed every epoch (a rerun with the same
 * run key resumes) -> model artefact -> a {@code dev} version in the registry.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  private final SparkSession spark;
  private final LakemlConfig config;
  private final DatasetConfig dataset;
  private final Optional<Long> requestedVersion;
  private final RunTracker run;
  private final Lakehouse lakehouse;

  private TrainJob(SparkSession spark, LakemlConfig config, Optional<Long> dataVersion, RunTracker run) {
    this.spark = spark;
    this.config = config;
    this.dataset = config.requireDataset();
    this.requestedVersion = dataVersion;
    this.run = run;
    this.lakehouse = Lakehouse.of(config);
  }

  public static TrainJob create(SparkSession spark, LakemlConfig config, Optional<Long> dataVersion, RunTracker run) {
    return new TrainJob(spark, config, dataVersion, run);
  }

  public TrainResult run() {
    Fitted f = fit(lakehouse.checkpointsRoot(), true);
    return ModelPublisher.publish(spark, config, lakehouse, run, f.input(), f.pipeline(), f.conf(), f.outcome(),
        f.trainRows(), f.validationRows(), f.latencyMsPer1000(), f.task());
  }

  /**
   * What one training produced before anything is published: the input it read, the fitted
   * feature pipeline, the network and its training outcome.
   *
   * @param latencyMsPer1000 measured scoring latency, NaN when not measured
   */
  record Fitted(TrainingInput input, PipelineModel pipeline, MultiLayerConfiguration conf, Trainer.Outcome outcome,
      long trainRows, long validationRows, double latencyMsPer1000, ModelTask task) {}

  /** Trains with checkpoints under {@code checkpointsRoot} (a rerun of the same run key resumes). */
  Fitted fit(String checkpointsRoot, boolean measureLatency) {
    PreparedSplit prepared = PreparedSplit.read(spark, config, requestedVersion, run);
    TrainingInput input = prepared.input();
    Dataset<Row> trainRows = prepared.trainRows();
    long trainCount = prepared.trainCount();
    ModelTask task = prepared.task();
    TrainConfig train = plan(trainCount);
    PipelineModel pipeline = prepared.pipeline();
    JavaRDD<List<Batch>> trainBatches = batches(pipeline, trainRows, dataset, train, task);
    JavaRDD<List<Batch>> validation = batches(pipeline, prepared.validationRows(), dataset, train, task);
    try {
      int width = AttributeGroup.fromStructField(pipeline.transform(trainRows).schema().apply(FeaturePipeline.FEATURES)).size();
      MultiLayerConfiguration conf = NetworkFactory.build(train.network(), layout(pipeline, width), task);
      Trainer trainer = new Trainer(new JavaSparkContext(spark.sparkContext()), conf, train,
          checkpoints(input, checkpointsRoot), run, task);
      Trainer.Outcome outcome = trainer.train(trainBatches, validation);
      double latency = Double.NaN;
      if (measureLatency) {
        latency = Latency.msPer1000Rows(conf, outcome.best(), validation);
        run.metric("scoring_ms_per_1000_rows", latency);
      }
      long validationCount = validation.map(l -> l.stream().mapToLong(Batch::rows).sum()).fold(0L, Long::sum);
      return new Fitted(input, pipeline, conf, outcome, trainCount, validationCount, latency, task);
    } finally {
      trainBatches.unpersist();
      validation.unpersist();
    }
  }

  /** Where each feature sits in the input vector of {@code width}, as the fitted pipeline assembles it. */
  private InputLayout layout(PipelineModel pipeline, int width) {
    InputLayout layout = InputLayout.of(pipeline, dataset.features());
    if (layout.width() != width) {
      throw new IllegalStateException("The input layout has " + layout.width() + " inputs, the features vector " + width);
    }
    return layout;
  }

  /** The train settings adapted to the train split's size (see {@link TrainingPlan}), logged and recorded. */
  private TrainConfig plan(long trainRows) {
    TrainingPlan plan = TrainingPlan.of(config.train(), trainRows);
    if (!plan.changes().isEmpty()) {
      LOG.info("{} training rows: {} (lakeml adapts these to small tables)", trainRows, String.join(", ", plan.changes()));
    }
    run.metric("workers", plan.workers());
    run.metric("rounds_per_epoch", plan.rounds());
    run.metric("batch_size", plan.batchSize());
    return plan.apply(config.train());
  }

  /** Rows in a stable partitioning and order, transformed and cut into sparse mini-batches. */
  static JavaRDD<List<Batch>> batches(PipelineModel pipeline, Dataset<Row> rows, DatasetConfig dataset, TrainConfig train,
      ModelTask task) {
    int batchSize = train.network().batchSize();
    int workers = train.workers();
    Dataset<Row> ordered = rows.repartition(workers, col(Split.ROW_HASH)).sortWithinPartitions(Split.ROW_HASH);
    Dataset<Row> features = pipeline.transform(ordered)
        .select(col(FeaturePipeline.FEATURES), LabelEncoding.encoded(task, dataset.label().name()));
    int width = AttributeGroup.fromStructField(features.schema().apply(FeaturePipeline.FEATURES)).size();
    JavaRDD<List<Batch>> batches = features.javaRDD()
        .mapPartitions(it -> List.of(Batch.cut(it, width, batchSize)).iterator(), true);
    return batches.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Checkpoints live under a key of everything that determines the result: config and data. */
  private Checkpoints checkpoints(TrainingInput input, String root) {
    String key = Hashing.sha256(config.resolved().sha256() + "|" + input.version()).substring(0, 16);
    run.metric("run_key", key);
    return new Checkpoints(spark.sparkContext().hadoopConfiguration(), root + "/" + key);
  }

  static String backendDescription() {
    var env = Nd4j.getExecutioner().getEnvironmentInformation();
    return Nd4j.getBackend().getClass().getSimpleName() + ", data type " + Nd4j.dataType()
        + ", OMP threads " + env.getOrDefault("omp.threads", "?") + ", cores " + env.getOrDefault("cores", "?");
  }

  static Logger log() {
    return LOG;
  }

  static List<String> describe(List<EpochLog> log) {
    List<String> lines = new ArrayList<>();
    log.forEach(e -> lines.add(e.describe()));
    return lines;
  }
}
