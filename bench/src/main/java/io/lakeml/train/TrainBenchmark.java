package io.lakeml.train;

import static org.apache.spark.sql.functions.col;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.TrainConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.features.InputLayout;
import io.lakeml.internal.features.Split;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.model.Batch;
import io.lakeml.internal.spark.SparkSessions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * lakeml's training against Spark MLlib (logistic regression, a perceptron of the same layers,
 * gradient-boosted trees) and XGBoost4J on the same features and rows, in one JVM: a 200,000-row
 * train / 50,000-row test sample of prepared flights (January-April) spread over every core, the
 * exact AUC for all; then lakeml on the full window, and examples per second with 1 and 2 workers.
 * Needs {@code lakeml prep} first. Run with {@code bench/train.sh}.
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    LakemlConfig config = ConfigLoader.create().setAll(List.of(args)).load();
    SparkSession spark = SparkSessions.create(config.spark(), config.dl4j(), "bench-train");
    DatasetConfig d = config.requireDataset();
    TrainConfig t = config.train();
    Lakehouse lakehouse = Lakehouse.of(config);
    Dataset<Row> prepared = io.lakeml.dataset.RowIdentity.with(
        spark.read().format("delta").load(lakehouse.tablePath(TableNames.prepared(d.name()))), d)
        .where(col("event_date").between(t.from().orElseThrow().toString(), t.to().orElseThrow().toString()));
    Split split = new Split(t.validationFraction(), t.testFraction());
    // The samples are spread over every core: a sort + limit leaves them in one partition, where
    // MLlib's passes would run on one core while lakeml's workers use all of them.
    int partitions = spark.sparkContext().defaultParallelism();
    Dataset<Row> train = sample(split.train(prepared), 200_000, partitions);
    Dataset<Row> validation = sample(split.validation(prepared), 20_000, partitions);
    Dataset<Row> test = sample(split.test(prepared), 50_000, partitions);
    System.out.printf(Locale.ROOT, "partitions of each sample: %d (the cores of local[*])%n", partitions);
    System.out.printf(Locale.ROOT, "sample: %d train, %d validation, %d test rows%n", train.count(), validation.count(), test.count());
    PipelineModel pipeline = FeaturePipeline.build(d).fit(train);
    Dataset<Row> trainX = pipeline.transform(train).select(col("features"), col(d.label().name()).cast("double").as("label")).cache();
    Dataset<Row> testX = pipeline.transform(test).select(col("features"), col(d.label().name()).cast("double").as("label")).cache();
    int width = AttributeGroup.fromStructField(trainX.schema().apply("features")).size();
    trainX.count();
    testX.count();

    double[] lake = lakeml(spark, config, pipeline, train, validation, test, t, width);
    double[] lr = runs("lr") ? mllib(() -> new LogisticRegression().setMaxIter(100).fit(trainX).transform(testX), testX) : SKIPPED;
    double[] mlp = runs("mlp") ? mllib(() -> new MultilayerPerceptronClassifier()
        .setLayers(layers(width, t.network().hidden())).setMaxIter(50).setSeed(t.network().seed())
        .fit(trainX).transform(testX), testX) : SKIPPED;
    double[] gbt = runs("gbt") ? mllib(() -> new GBTClassifier().setMaxIter(100).setMaxDepth(5).setSeed(t.network().seed())
        .fit(trainX).transform(testX), testX) : SKIPPED;
    double[] xgb = runs("xgboost") ? xgboost(spark, trainX, testX, width, partitions, t.network().seed()) : SKIPPED;
    System.out.printf(Locale.ROOT, "%n%-48s %10s %8s%n", "model (200k train / 50k test)", "wall s", "test AUC");
    System.out.printf(Locale.ROOT, "%-48s %10.1f %8.4f%n", "lakeml DL4J, parameter averaging", lake[0], lake[1]);
    System.out.printf(Locale.ROOT, "%-48s %10.1f %8.4f%n", "MLlib LogisticRegression", lr[0], lr[1]);
    System.out.printf(Locale.ROOT, "%-48s %10.1f %8.4f%n", "MLlib MultilayerPerceptronClassifier", mlp[0], mlp[1]);
    System.out.printf(Locale.ROOT, "%-48s %10.1f %8.4f%n", "MLlib GBTClassifier, 100 trees of depth 5", gbt[0], gbt[1]);
    System.out.printf(Locale.ROOT, "%-48s %10.1f %8.4f%n", "XGBoost4J, one JVM, depth 6, 400 rounds", xgb[0], xgb[1]);
    System.out.printf(Locale.ROOT, "lakeml wall time / MLP wall time: %.3f (target <= 0.1)%n", lake[0] / mlp[0]);

    for (int workers : runs("workers") ? new int[] {1, 2} : new int[0]) {
      TrainConfig w = new TrainConfig(t.modelName(), t.from(), t.to(), t.validationFraction(), t.testFraction(),
          workers, t.roundsPerEpoch(), 0, t.network());
      double[] r = lakeml(spark, config, pipeline, train, validation, test, w, width);
      System.out.printf(Locale.ROOT, "workers %d: %.0f examples/s (200k rows x %d epochs in %.1f s)%n",
          workers, 200_000.0 * t.network().epochs() / r[0], t.network().epochs(), r[0]);
    }
    if (!runs("full")) {
      spark.stop();
      return;
    }
    long start = System.nanoTime();
    JobLauncher.run("train", config, spark, (s, c, run) -> {
      TrainResult full = TrainJob.create(s, c, Optional.empty(), run).run();
      System.out.printf(Locale.ROOT, "full window: %,d train rows, best validation AUC %.4f (epoch %d)%n",
          full.trainRows(), full.bestValidationMetric(), full.bestEpoch());
    });
    System.out.printf(Locale.ROOT, "full window wall time: %.1f s%n", (System.nanoTime() - start) / 1e9);
    spark.stop();
  }

  private static final double[] SKIPPED = {Double.NaN, Double.NaN};

  /**
   * Whether a part of the benchmark runs: all of them, unless LAKEML_BENCH_ONLY lists some (lr,
   * mlp, gbt, xgboost, workers, full); lakeml on the sample always runs.
   */
  private static boolean runs(String part) {
    String only = System.getenv("LAKEML_BENCH_ONLY");
    return only == null || only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(part);
  }

  /** The {@code rows} lowest row hashes, spread over {@code partitions} by row hash. */
  private static Dataset<Row> sample(Dataset<Row> rows, int limit, int partitions) {
    return rows.orderBy(Split.ROW_HASH).limit(limit).repartition(partitions, col(Split.ROW_HASH)).cache();
  }

  /** Trains on the sample exactly as the job does (batches, averaging, validation); {wall s, test AUC}. */
  private static double[] lakeml(SparkSession spark, LakemlConfig config, PipelineModel pipeline, Dataset<Row> train,
      Dataset<Row> validation, Dataset<Row> test, TrainConfig t, int width) {
    DatasetConfig d = config.requireDataset();
    long start = System.nanoTime();
    io.lakeml.internal.model.ModelTask task = io.lakeml.internal.model.ModelTask.binary();
    JavaRDD<List<Batch>> trainB = TrainJob.batches(pipeline, train, d, t, task);
    JavaRDD<List<Batch>> validB = TrainJob.batches(pipeline, validation, d, t, task);
    MultiLayerConfiguration conf = NetworkFactory.build(t.network(), InputLayout.of(pipeline, d.features()), task);
    String dir = config.lakehouse().root() + "/bench-checkpoints/" + System.nanoTime();
    Checkpoints none = new Checkpoints(spark.sparkContext().hadoopConfiguration(), dir);
    Trainer.Outcome o = new Trainer(new JavaSparkContext(spark.sparkContext()), conf, t, none,
        io.lakeml.internal.runs.RunTracker.start("bench", config), task).train(trainB, validB);
    double seconds = (System.nanoTime() - start) / 1e9;
    JavaRDD<List<Batch>> testB = TrainJob.batches(pipeline, test, d, t, task);
    double auc = Validation.evaluate(new JavaSparkContext(spark.sparkContext()), testB, conf.toJson(), o.best(), task).value();
    trainB.unpersist();
    validB.unpersist();
    testB.unpersist();
    return new double[] {seconds, auc};
  }

  private static double[] mllib(java.util.function.Supplier<Dataset<Row>> fitAndScore, Dataset<Row> testX) {
    long start = System.nanoTime();
    Dataset<Row> scored = fitAndScore.get().cache();
    scored.count();
    double seconds = (System.nanoTime() - start) / 1e9;
    // Exact AUC (no down-sampling of the curve to 1,000 bins), as lakeml's evaluation computes it.
    double auc = new BinaryClassificationEvaluator().setRawPredictionCol("probability").setNumBins(0).evaluate(scored);
    return new double[] {seconds, auc};
  }

  /**
   * XGBoost4J in this JVM with as many threads as the other models have cores, on the same
   * one-hot features (collected into a sparse matrix: included in the wall time, as lakeml's batch
   * cutting is); {wall s, exact test AUC}.
   */
  private static double[] xgboost(SparkSession spark, Dataset<Row> trainX, Dataset<Row> testX, int width, int threads,
      long seed) throws ml.dmlc.xgboost4j.java.XGBoostError {
    long start = System.nanoTime();
    List<Row> testRows = testX.collectAsList();
    ml.dmlc.xgboost4j.java.DMatrix train = io.lakeml.evaluate.SparseMatrix.of(trainX.collectAsList(), width, true);
    ml.dmlc.xgboost4j.java.DMatrix test = io.lakeml.evaluate.SparseMatrix.of(testRows, width, true);
    java.util.Map<String, Object> params = new java.util.HashMap<>(java.util.Map.of("objective", "binary:logistic",
        "max_depth", 6, "eta", 0.1, "tree_method", "hist", "nthread", threads, "seed", (int) seed));
    ml.dmlc.xgboost4j.java.Booster booster = ml.dmlc.xgboost4j.java.XGBoost.train(train, params, 400,
        new java.util.HashMap<>(), null, null);
    float[][] predicted = booster.predict(test);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<scala.Tuple2<Object, Object>> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < testRows.size(); i++) {
      pairs.add(new scala.Tuple2<>((double) predicted[i][0], testRows.get(i).getDouble(1)));
    }
    double auc = new org.apache.spark.mllib.evaluation.BinaryClassificationMetrics(
        new JavaSparkContext(spark.sparkContext()).parallelize(pairs, threads).rdd(), 0).areaUnderROC();
    return new double[] {seconds, auc};
  }

  private static int[] layers(int width, List<Integer> hidden) {
    int[] l = new int[hidden.size() + 2];
    l[0] = width;
    for (int i = 0; i < hidden.size(); i++) {
      l[i + 1] = hidden.get(i);
    }
    l[l.length - 1] = 2;
    return l;
  }
}
