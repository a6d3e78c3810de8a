package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lakeml.config.BaselineConfig;
import io.lakeml.config.ThresholdRule;
import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.model.ModelTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The baselines of an evaluation: XGBoost4J models (a regularised linear model, gradient-boosted
 * trees) fitted in the driver's JVM on a seeded sample of the candidate's own training part and
 * features, early stopped on its validation part, then scored on the executors over the same test
 * rows as the candidate and measured with the same metrics (a binary baseline at a threshold
 * chosen on the validation part by the same rule). Only the sample is collected to the driver.
 */
final class Baselines {
  private static final int BATCH = 4096;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Baselines.class);

  private final SparkSession spark;
  private final BaselineConfig config;
  private final ModelTask task;
  private final long seed;

  Baselines(SparkSession spark, BaselineConfig config, ModelTask task, long seed) {
    this.spark = spark;
    this.config = config;
    this.task = task;
    this.seed = seed;
  }

  /**
   * Every configured baseline, measured on {@code test}; the parts carry the label as
   * {@code label} and go through the candidate's fitted feature pipeline here. The test part is
   * scored by every baseline in one pass; a binary baseline's threshold is chosen on the
   * validation sample, scored in the driver.
   */
  List<Baseline> measure(PipelineModel pipeline, Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test,
      ThresholdRule rule, String name, long version) {
    if (config.models().isEmpty()) {
      return List.of();
    }
    long start = System.nanoTime();
    List<Row> trainRows = sample(encoded(pipeline, train), config.maxRows());
    // Enough to stop the trees early and choose a threshold; a quarter of the training sample.
    List<Row> validationRows = sample(encoded(pipeline, validation), Math.max(100, config.maxRows() / 4));
    LOG.info("baselines: {} training and {} validation rows collected in {} s", trainRows.size(), validationRows.size(),
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    int width = trainRows.isEmpty() ? 0 : ((Vector) trainRows.get(0).get(0)).size();
    List<Fitted> fitted = new ArrayList<>();
    for (BaselineConfig.Model m : config.models()) {
      fitted.add(fit(m, trainRows, validationRows, width));
    }
    Dataset<Row> scored = score(pipeline, test, fitted.stream().map(Fitted::model).toList(), width).cache();
    try {
      List<Baseline> out = new ArrayList<>();
      for (int i = 0; i < fitted.size(); i++) {
        Fitted f = fitted.get(i);
        double threshold = task.kind() == LabelKind.BINARY
            ? ThresholdChoice.choose(scoredInDriver(validationRows, f.model(), width), rule, name, version).threshold()
            : Double.NaN;
        Dataset<Row> one = scored.select(col("scores").getItem(i).as("score"), col("label"));
        out.add(new Baseline(f.name(), describe(config.models().get(i)), Metrics.of(one, task, threshold).metrics(),
            trainRows.size(), f.rounds(), f.seconds()));
      }
      return List.copyOf(out);
    } finally {
      scored.unpersist();
    }
  }

  /** A binary baseline's (score, label) on rows collected to the driver, as a small Dataset. */
  private Dataset<Row> scoredInDriver(List<Row> rows, byte[] model, int width) {
    List<Row> scored = new ArrayList<>();
    try {
      Booster booster = XGBoost.loadModel(model);
      float[][] p = rows.isEmpty() ? new float[0][] : booster.predict(SparseMatrix.of(rows, width, false));
      for (int i = 0; i < rows.size(); i++) {
        scored.add(RowFactory.create((double) p[i][0], rows.get(i).getDouble(1)));
      }
      booster.dispose();
    } catch (XGBoostError | java.io.IOException e) {
      throw io.lakeml.errors.Errors.baselineFailed("validation scoring", e.getMessage());
    }
    // Spread over partitions: one task holding 100,000 rows would be a multi-megabyte task.
    int slices = Math.max(1, scored.size() / 10_000);
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(scored, slices),
        new StructType().add("score", DataTypes.DoubleType).add("label", DataTypes.DoubleType));
  }

  /** (features, the label as XGBoost learns it: 0/1, the class's index, or the value itself). */
  private Dataset<Row> encoded(PipelineModel pipeline, Dataset<Row> rows) {
    Column y = switch (task.kind()) {
      case BINARY, REGRESSION -> col("label").cast("double");
      case MULTICLASS -> array_position(array(task.classes().stream().map(c -> lit(c)).toArray(Column[]::new)),
          col("label").cast("string")).minus(1).cast("double");
    };
    return pipeline.transform(rows).select(col(FeaturePipeline.FEATURES), y.as("y")).where(col("y").geq(0));
  }

  /** About {@code max} rows of the part at most, by a seeded sample (deterministic for a table version). */
  private List<Row> sample(Dataset<Row> rows, int max) {
    long n = rows.count();
    Dataset<Row> chosen = n <= max ? rows : rows.sample(false, (double) max / n, seed);
    return chosen.collectAsList();
  }

  /**
   * The baseline's model at its best round on the validation part (every round when there is no
   * validation part). Rounds are driven here rather than by {@code XGBoost.train}'s watches, whose
   * per-round evaluation lines the native library prints to standard output.
   */
  private Fitted fit(BaselineConfig.Model m, List<Row> train, List<Row> validation, int width) {
    long start = System.nanoTime();
    try {
      DMatrix trainMatrix = SparseMatrix.of(train, width, true);
      DMatrix[] watch = validation.isEmpty() ? new DMatrix[0] : new DMatrix[] {SparseMatrix.of(validation, width, true)};
      Booster booster = XGBoost.train(trainMatrix, params(m), 0, new HashMap<>(), null, null);
      byte[] best = booster.toByteArray();
      int bestRound = 0;
      double bestLoss = Double.POSITIVE_INFINITY;
      for (int round = 0; round < config.rounds(); round++) {
        booster.update(trainMatrix, round);
        if (watch.length == 0) {
          continue;
        }
        float[] loss = new float[1];
        booster.evalSet(watch, new String[] {"validation"}, round, loss);
        if (loss[0] < bestLoss) {
          bestLoss = loss[0];
          bestRound = round + 1;
          best = booster.toByteArray();
        } else if (round + 1 - bestRound >= config.earlyStoppingRounds()) {
          break;
        }
      }
      if (watch.length == 0) {
        bestRound = config.rounds();
        best = booster.toByteArray();
      }
      booster.dispose();
      return new Fitted(m.name().toLowerCase(java.util.Locale.ROOT), best, bestRound,
          (System.nanoTime() - start) / 1e9);
    } catch (XGBoostError e) {
      throw io.lakeml.errors.Errors.baselineFailed(m.name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
    }
  }

  /** A fitted baseline as XGBoost's model bytes, the rounds it kept and the seconds its fit took. */
  private record Fitted(String name, byte[] model, int rounds, double seconds) {}

  private Map<String, Object> params(BaselineConfig.Model m) {
    Map<String, Object> p = new LinkedHashMap<>();
    switch (task.kind()) {
      case BINARY -> p.putAll(Map.of("objective", "binary:logistic", "eval_metric", "logloss"));
      case MULTICLASS -> p.putAll(Map.of("objective", "multi:softprob", "eval_metric", "mlogloss",
          "num_class", task.classes().size()));
      case REGRESSION -> p.putAll(Map.of("objective", "reg:squarederror", "eval_metric", "rmse"));
    }
    if (m == BaselineConfig.Model.LINEAR) {
      // Cyclic coordinate descent: the deterministic updater (the default one runs in parallel).
      p.putAll(Map.of("booster", "gblinear", "updater", "coord_descent", "feature_selector", "cyclic"));
    } else {
      p.putAll(Map.of("booster", "gbtree", "tree_method", "hist", "max_depth", config.depth(),
          "eta", config.learningRate()));
    }
    p.put("seed", (int) seed);
    p.put("nthread", Runtime.getRuntime().availableProcessors());
    p.put("verbosity", 0);
    return p;
  }

  private String describe(BaselineConfig.Model m) {
    String objective = switch (task.kind()) {
      case BINARY -> "logistic";
      case MULTICLASS -> "multinomial";
      case REGRESSION -> "least squares";
    };
    return m == BaselineConfig.Model.LINEAR
        ? "XGBoost4J gblinear, " + objective + ", L2 1.0"
        : String.format(java.util.Locale.ROOT, "XGBoost4J hist trees, %s, depth %d, eta %s", objective, config.depth(),
            config.learningRate());
  }

  /**
   * The part's rows scored by every baseline on the executors: {@code scores} holds each one's
   * {@code score} as the candidate's (a double, or a multiclass model's probabilities), and {@code label}.
   */
  private Dataset<Row> score(PipelineModel pipeline, Dataset<Row> rows, List<byte[]> models, int width) {
    Dataset<Row> features = pipeline.transform(rows).select(col(FeaturePipeline.FEATURES), col("label"));
    Broadcast<List<byte[]>> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(models);
    boolean multiclass = task.kind() == LabelKind.MULTICLASS;
    org.apache.spark.sql.types.DataType one = multiclass
        ? DataTypes.createArrayType(DataTypes.DoubleType, false) : DataTypes.DoubleType;
    StructType schema = new StructType()
        .add("scores", DataTypes.createArrayType(one, false), false)
        .add("label", features.schema().apply("label").dataType());
    return spark.createDataFrame(features.javaRDD().mapPartitions(
        (Iterator<Row> it) -> predict(it, shared.value(), width, multiclass)), schema);
  }

  /** The partition's rows scored a batch at a time, lazily (a partition is never held whole). */
  private static Iterator<Row> predict(Iterator<Row> rows, List<byte[]> models, int width, boolean multiclass)
      throws XGBoostError, java.io.IOException {
    List<Booster> boosters = new ArrayList<>();
    for (byte[] m : models) {
      boosters.add(XGBoost.loadModel(m));
    }
    org.apache.spark.TaskContext context = org.apache.spark.TaskContext.get();
    if (context != null) {
      context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) done -> boosters.forEach(Booster::dispose));
    }
    return new Iterator<>() {
      private Iterator<Row> scored = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!scored.hasNext() && rows.hasNext()) {
          List<Row> batch = new ArrayList<>(BATCH);
          while (batch.size() < BATCH && rows.hasNext()) {
            batch.add(rows.next());
          }
          scored = scoreBatch(batch, boosters, width, multiclass).iterator();
        }
        return scored.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return scored.next();
      }
    };
  }

  private static List<Row> scoreBatch(List<Row> batch, List<Booster> boosters, int width, boolean multiclass) {
    try {
      DMatrix matrix = SparseMatrix.of(batch, width, false);
      // One value per baseline: a double (a binary or regression score) or a multiclass model's
      // probabilities. Spark's row encoder takes a primitive array or a Scala Seq for an array column.
      double[][] values = new double[batch.size()][boosters.size()];
      Object[][] probabilities = new Object[batch.size()][boosters.size()];
      for (int b = 0; b < boosters.size(); b++) {
        float[][] p = boosters.get(b).predict(matrix);
        for (int i = 0; i < batch.size(); i++) {
          if (multiclass) {
            probabilities[i][b] = probabilities(p[i]);
          } else {
            values[i][b] = p[i][0];
          }
        }
      }
      matrix.dispose();
      List<Row> out = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Object scores = multiclass
            ? scala.collection.JavaConverters.asScalaBuffer(java.util.Arrays.asList(probabilities[i])).toList()
            : values[i];
        out.add(RowFactory.create(scores, batch.get(i).get(1)));
      }
      return out;
    } catch (XGBoostError e) {
      throw io.lakeml.errors.Errors.baselineFailed("test scoring", e.getMessage());
    }
  }

  private static double[] probabilities(float[] p) {
    double[] d = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      d[i] = p[i];
    }
    return d;
  }
}
