package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.LabelKind;
import io.lakeml.dataset.RowIdentity;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.errors.Errors;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.features.Split;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.internal.model.BatchScorer;
import io.lakeml.internal.model.Canaries;
import io.lakeml.internal.model.LoadedModel;
import io.lakeml.internal.model.ModelTask;
import io.lakeml.internal.monitoring.References;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelStage;
import io.lakeml.internal.runs.RunTracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * evaluate: a registered version's artefact is verified and loaded, the test split of the very data
 * version it was trained on is reproduced (never stored twice) and scored, metrics are computed,
 * the gate is applied (value thresholds, and no regression against production on the same rows),
 * and a passing version moves to staging; a failing one stays dev and the job exits with GATE.
 */
public final class EvaluateJob {
  static final int BATCH = 1024;

  private final SparkSession spark;
  private final LakemlConfig config;
  private final Optional<Long> requested;
  private final RunTracker run;
  private final Lakehouse lakehouse;
  private final ModelRegistry registry;

  private EvaluateJob(SparkSession spark, LakemlConfig config, Optional<Long> version, RunTracker run) {
    this.spark = spark;
    this.config = config;
    this.requested = version;
    this.run = run;
    this.lakehouse = Lakehouse.of(config);
    this.registry = new ModelRegistry(spark, lakehouse);
  }

  public static EvaluateJob create(SparkSession spark, LakemlConfig config, Optional<Long> version, RunTracker run) {
    return new EvaluateJob(spark, config, version, run);
  }

  public EvaluationResult run() {
    DatasetConfig d = config.requireDataset();
    String name = config.train().modelName().orElse(d.name());
    Row version = version(name);
    long v = version.getAs("version");
    ModelStage stage = ModelStage.of(version.getAs("stage"));
    LoadedModel model = run.timed("load", () -> LoadedModel.load(spark, version.getAs("artefact_uri"), version.getAs("artefact_sha256")));
    ModelTask task = model.task();
    Dataset<Row> window = trainingWindow(d, version);
    Split split = split(version);
    Dataset<Row> test = checkEvaluable(split.test(window).withColumnRenamed(d.label().name(), "label"), task, d,
        version, "test");
    List<Vector> sample = run.timed("serving_check", () -> {
      List<Vector> rows = ServingCheck.sample(model, test, Math.max(config.score().batchSize(), 1_000));
      ServingCheck.verify(name, v, model, rows);
      return rows;
    });
    Dataset<Row> scored = score(model, test).cache();
    try {
      Optional<ThresholdChoice.Chosen> threshold = task.kind() == LabelKind.BINARY
          ? Optional.of(run.timed("threshold", () -> chooseThreshold(model,
              split.validation(window).withColumnRenamed(d.label().name(), "label"), name, v)))
          : Optional.empty();
      double t = threshold.map(ThresholdChoice.Chosen::threshold).orElse(Double.NaN);
      Measured measured = run.timed("metrics", () -> Metrics.of(scored, task, t));
      Map<String, Map<String, Double>> slices = run.timed("slices", () -> Slices.of(scored, config.evaluate(), task, t, d.name()));
      Optional<Long> production = registry.production(name);
      Optional<Map<String, Double>> productionMetrics = run.timed("production", () -> production.filter(p -> p != v)
          .flatMap(p -> productionMetrics(name, p, test, task)));
      List<Baseline> baselines = run.timed("baselines", () -> new Baselines(spark, config.evaluate().baseline(), task,
          seed(version)).measure(model.pipeline(), split.train(window).withColumnRenamed(d.label().name(), "label"),
              split.validation(window).withColumnRenamed(d.label().name(), "label"), test,
              config.evaluate().threshold(), name, v));
      List<GateCheck> checks = Gate.checks(config.evaluate().gate(task.kind()), task.kind(), measured.metrics(),
          productionMetrics, slices, baselines);
      double[] latency = run.timed("latency", () -> LatencyProbe.p50p99(model, sample));
      run.timed("canaries", () -> {
        Canaries.store(spark, lakehouse, name, v, scored, d, run.runId(), task.kind() == LabelKind.MULTICLASS);
        return null;
      });
      // What monitoring compares each day's outputs with (prediction drift, estimated performance).
      run.timed("references", () -> References.store(spark, lakehouse, name, v, run.runId(), servedValue(scored, task),
          task.kind(), threshold.map(ThresholdChoice.Chosen::threshold).orElse(0.5), measured.metrics()));
      EvaluationResult result = new EvaluationResult(name, v, task, measured, threshold, slices, checks, production,
          baselines, latency[0], latency[1], stage);
      run.timed("record", () -> {
        Evaluations.record(spark, lakehouse, result, run.runId());
        // p99: what a scoring SLA should assume; the threshold: what scoring uses for this version
        registry.recordEvaluation(name, v, latency[1], threshold.map(ThresholdChoice.Chosen::threshold));
        return null;
      });
      String report = run.timed("report", () -> Report.write(spark, lakehouse, result, run.runId(), scored));
      run.output(DataRef.files("evaluation report", report, ""));
      measured.metrics().forEach((k, x) -> run.metric("test." + k, x));
      run.metric("gate_passed", result.passed());
      decide(result, stage);
      return result;
    } finally {
      scored.unpersist();
    }
  }

  private void decide(EvaluationResult r, ModelStage stage) {
    if (!r.passed()) {
      throw Errors.gateFailed(r.name(), r.version(), r.failures());
    }
    if (stage == ModelStage.DEV || stage == ModelStage.STAGING) {
      registry.passEvaluation(r.name(), r.version(), "evaluate", "gate passed: " + r.checkSummary(), run.runId());
    }
  }

  private Row version(String name) {
    Dataset<Row> versions = registry.versions().where(col("name").equalTo(name));
    List<Row> rows = requested.isPresent()
        ? versions.where(col("version").equalTo(requested.get())).collectAsList()
        : newest(versions, "dev");
    if (rows.isEmpty() && requested.isEmpty()) {
      // No dev version: a retry of a run that passed the gate and died before it ended evaluates its
      // (now staging) version again, which stays staging, instead of failing the retry.
      rows = versions.orderBy(col("version").desc()).limit(1).collectAsList().stream()
          .filter(r -> "staging".equals(r.getAs("stage"))).toList();
    }
    if (rows.isEmpty()) {
      throw requested.isPresent() ? Errors.unknownModelVersion(name, requested.get()) : Errors.noDevVersion(name);
    }
    return rows.get(0);
  }

  private static List<Row> newest(Dataset<Row> versions, String stage) {
    return versions.where(col("stage").equalTo(stage)).orderBy(col("version").desc()).limit(1).collectAsList();
  }

  /** The rows of the data version and window the model was trained on (its splits are reproduced from them). */
  private Dataset<Row> trainingWindow(DatasetConfig d, Row version) {
    Config trained = ConfigFactory.parseString((String) version.getAs("training_config"));
    long dataVersion = version.getAs("data_version");
    String path = lakehouse.tablePath(TableNames.prepared(d.name()));
    Dataset<Row> rows = RowIdentity.with(spark.read().format("delta").option("versionAsOf", dataVersion).load(path), d);
    String from = trained.getString("lakeml.train.from");
    String to = trained.getString("lakeml.train.to");
    if (!from.isBlank()) {
      rows = rows.where(col("event_date").geq(from));
    }
    if (!to.isBlank()) {
      rows = rows.where(col("event_date").leq(to));
    }
    run.input(DataRef.delta(TableNames.prepared(d.name()), path, dataVersion, version.getAs("data_hash")));
    return rows.where(col(SchemaContract.quote(d.label().name())).isNotNull());
  }

  /** The seed the version was trained with: its baselines are seeded alike. */
  private static long seed(Row version) {
    return ConfigFactory.parseString((String) version.getAs("training_config")).getLong("lakeml.train.network.seed");
  }

  private static Split split(Row version) {
    Config trained = ConfigFactory.parseString((String) version.getAs("training_config"));
    return new Split(trained.getDouble("lakeml.train.validation-fraction"), trained.getDouble("lakeml.train.test-fraction"));
  }

  /** The split, refused when it is empty or, for a classifier, holds a single class. */
  private Dataset<Row> checkEvaluable(Dataset<Row> rows, ModelTask task, DatasetConfig d, Row version, String split) {
    long dataVersion = version.getAs("data_version");
    if (!task.classifier()) {
      if (rows.isEmpty()) {
        throw Errors.emptySplit(split, TableNames.prepared(d.name()), dataVersion, "the training window");
      }
      return rows;
    }
    List<Row> classes = rows.groupBy("label").count().limit(2).collectAsList();
    if (classes.isEmpty()) {
      throw Errors.emptySplit(split, TableNames.prepared(d.name()), dataVersion, "the training window");
    }
    if (classes.size() < 2) {
      throw Errors.singleClass(split, d.label().name(), classes.get(0).get(0));
    }
    return rows;
  }

  /** A binary model's decision threshold, chosen on the validation split by the configured rule. */
  private ThresholdChoice.Chosen chooseThreshold(LoadedModel model, Dataset<Row> validation, String name, long version) {
    if (config.evaluate().threshold().rule() == io.lakeml.config.ThresholdRule.Rule.FIXED) {
      return ThresholdChoice.choose(validation, config.evaluate().threshold(), name, version);
    }
    Dataset<Row> scored = score(model, validation).select("score", "label").cache();
    try {
      return ThresholdChoice.choose(scored, config.evaluate().threshold(), name, version);
    } finally {
      scored.unpersist();
    }
  }

  /** The value the scored table serves ({@code score}, a multiclass model's top probability) and the label. */
  private static Dataset<Row> servedValue(Dataset<Row> scored, ModelTask task) {
    org.apache.spark.sql.Column value = task.kind() == LabelKind.MULTICLASS
        ? org.apache.spark.sql.functions.array_max(col(BatchScorer.SCORE)) : col(BatchScorer.SCORE);
    return scored.select(value.cast("double").as("value"), col("label"), col(io.lakeml.dataset.DatasetConfig.EVENT_DATE));
  }

  static Dataset<Row> score(LoadedModel model, Dataset<Row> rows) {
    return BatchScorer.score(model.pipeline().transform(rows), model, FeaturePipeline.FEATURES, BATCH)
        .drop(internalColumns(model.pipeline().transform(rows).columns()));
  }

  private static String[] internalColumns(String[] columns) {
    List<String> internal = new ArrayList<>();
    for (String c : columns) {
      if (c.startsWith("__")) {
        internal.add(c);
      }
    }
    return internal.toArray(String[]::new);
  }

  /**
   * Production's metrics on the same rows, a binary one's at its own decision threshold; empty when
   * production is another kind of model (nothing comparable: only value thresholds apply).
   */
  private Optional<Map<String, Double>> productionMetrics(String name, long version, Dataset<Row> test, ModelTask task) {
    Row row = registry.versions().where(col("name").equalTo(name).and(col("version").equalTo(version))).first();
    LoadedModel production = LoadedModel.load(spark, row.getAs("artefact_uri"), row.getAs("artefact_sha256"));
    if (production.task().kind() != task.kind()) {
      return Optional.empty();
    }
    Map<String, Double> metrics = row.getJavaMap(row.fieldIndex("metrics"));
    Double threshold = metrics == null ? null : metrics.get(ModelRegistry.DECISION_THRESHOLD);
    return Optional.of(new LinkedHashMap<>(Metrics.of(score(production, test), production.task(),
        threshold == null ? 0.5 : threshold).metrics()));
  }
}
