package io.lakeml.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.lakeml.bench.BenchClock;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.data.SampleData;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.source.RawSource;
import io.lakeml.internal.spark.SparkSessions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scoring all 3,000,000 sample flights against two baselines measured in the same JVM: (a) the I/O
 * floor, a plain read-Parquet -> write-Delta copy of the same rows with the same partitioning, and
 * (b) a Spark MLlib LogisticRegressionModel on the same contract, derivations and feature pipeline,
 * written the same way. lakeml's path is the scoring job's (contract, derivations, the production
 * model's pipeline, the network in mapPartitions, lineage columns), on every row in one write.
 * The three alternate: {@code -Dlakeml.bench.warmup} rounds (default 2) warm the JVM, then the best
 * of {@code -Dlakeml.bench.rounds} (default 3) counts; timings vary by about a second between
 * rounds. Run with {@code bench/score.sh} (2 GiB heap).
 */
public final class ScoreBenchmark {
  private ScoreBenchmark() {}

  public static void main(String[] args) {
    LakemlConfig config = ConfigLoader.create().setAll(List.of(args)).load();
    SampleData.ensure(config.sampleData());
    SparkSession spark = SparkSessions.create(config.spark(), config.dl4j(), "bench-score");
    DatasetConfig d = config.requireDataset();
    String out = config.lakehouse().root() + "/bench";
    deleteQuietly(spark, out); // fresh tables: each is created with the properties its writer gives
    ServingPlan plan = new ModelChooser(spark, config, "bench").choose(Optional.empty());
    LogisticRegressionModel lr = logisticRegression(spark, config, plan);
    System.out.printf("model: %s; heap max %d MiB%n", plan.champion().label(), Runtime.getRuntime().maxMemory() >> 20);

    int warmup = Integer.getInteger("lakeml.bench.warmup", 2);
    int rounds = warmup + Integer.getInteger("lakeml.bench.rounds", 3);
    double copy = Double.MAX_VALUE;
    double mllib = Double.MAX_VALUE;
    double lakeml = Double.MAX_VALUE;
    List<Double> cpuRatios = new java.util.ArrayList<>(); // CPU seconds: steady where wall time on a shared VM is not
    for (int round = 1; round <= rounds; round++) {
      double cpu0 = BenchClock.processCpuSeconds();
      double c = BenchClock.seconds(() -> write(copy(spark, d), out + "/copy"));
      double cpu1 = BenchClock.processCpuSeconds();
      double m = BenchClock.seconds(() -> write(logistic(accepted(spark, d), plan, lr, d), out + "/mllib"));
      double cpu2 = BenchClock.processCpuSeconds();
      double l = BenchClock.seconds(() -> lakeml(spark, config, d, plan, out + "/lakeml"));
      double cpuLakeml = BenchClock.processCpuSeconds() - cpu2;
      if (round > warmup) {
        copy = Math.min(copy, c);
        mllib = Math.min(mllib, m);
        lakeml = Math.min(lakeml, l);
        cpuRatios.add(cpuLakeml / (cpu1 - cpu0));
      }
      System.out.printf(Locale.ROOT, "%s %d: copy %.2f s, MLlib LR %.2f s, lakeml %.2f s (lakeml / copy %.2f);"
          + " CPU copy %.1f s, MLlib %.1f s, lakeml %.1f s%n", round > warmup ? "round" : "warm-up", round, c, m, l, l / c,
          cpu1 - cpu0, cpu2 - cpu1, cpuLakeml);
    }
    java.util.Collections.sort(cpuRatios);
    long rows = spark.read().format("delta").load(out + "/lakeml").count();
    breakdown(spark, d, plan, config, out);
    System.out.printf(Locale.ROOT, "%nrows scored: %,d%n(a) copy (Parquet -> Delta, partitioned by score_date): %.1f s%n"
        + "(b) MLlib LogisticRegressionModel, same contract/pipeline/write: %.1f s%n"
        + "lakeml scoring: %.1f s%nratio lakeml / copy: %.2f (target <= 1.3)%nratio lakeml / MLlib LR: %.2f (target <= 1.0)%n"
        + "process CPU lakeml / copy, median of the rounds: %.2f%n",
        rows, copy, mllib, lakeml, lakeml / copy, lakeml / mllib, BenchClock.median(cpuRatios));
    spark.stop();
  }

  /** The scoring job's path: scored rows, the job's writer (counts and summaries gathered by the write), its commit. */
  private static void lakeml(SparkSession spark, LakemlConfig config, DatasetConfig d, ServingPlan plan, String path) {
    ScoredTable.Written written = ScoredTable.write(ScoredRows.build(contracted(spark, d), d, plan, config.score(),
        "bench", Timestamp.from(Instant.now()), null), path, null, config.score(), null);
    written.counts().get();
    io.lakeml.internal.lakehouse.StagedWrite staged = written.staged();
    java.util.Optional<java.util.Map<String, Double>> summary = written.direct() ? written.summary()
        : ScoreSummary.ofStaged(spark, staged);
    long version = staged.commit();
    if (summary.isEmpty()) {
      ScoreSummary.ofVersion(spark, path, version, null);
    }
  }

  /** Where the time goes: the same write after each stage of the path (one round each, warm JVM). */
  private static void breakdown(SparkSession spark, DatasetConfig d, ServingPlan plan, LakemlConfig config, String out) {
    Column[] identity = ScoredRows.identityColumns(d).stream().map(c -> col(SchemaContract.quote(c))).toArray(Column[]::new);
    double contract = BenchClock.seconds(() -> write(accepted(spark, d).select(identity).withColumn(ScoredRows.SCORE_DATE,
        to_date(col(SchemaContract.quote(d.eventTime().orElseThrow())))), out + "/stage"));
    double pipeline = BenchClock.seconds(() -> write(plan.champion().model().pipeline().transform(accepted(spark, d))
        .select(col(SchemaContract.quote(d.eventTime().orElseThrow())), functions.vector_to_array(col(FeaturePipeline.FEATURES), "float32")
            .getItem(0).as("f0"), col(DatasetConfig.EVENT_DATE).as(ScoredRows.SCORE_DATE)), out + "/stage"));
    double columns = BenchClock.seconds(() -> write(ScoreSummary.accepted(ScoredRows.output(contracted(spark, d)
        .withColumn(ServingScores.scoreColumn(0), lit(0.5)), new ScoredRows.Output(d, plan, "bench", Timestamp.from(Instant.now()))),
        new org.apache.spark.sql.Observation("columns_" + System.nanoTime())), out + "/stage-columns", scoredProperties(config)));
    double narrow = BenchClock.seconds(() -> write(ScoreSummary.accepted(ScoredRows.output(contracted(spark, d)
        .withColumn(ServingScores.scoreColumn(0), lit(0.5)), new ScoredRows.Output(d, plan, "bench", Timestamp.from(Instant.now()))),
        new org.apache.spark.sql.Observation("narrow_" + System.nanoTime())).drop("row_id", "other_score", "other_model_version"),
        out + "/stage-narrow", scoredProperties(config)));
    System.out.printf(Locale.ROOT, "breakdown: contract + derivations + write %.1f s; + feature pipeline %.1f s; "
        + "contract + every output column with a constant score, no model %.1f s; without row_id/other_* %.1f s%n",
        contract, pipeline, columns, narrow);
  }

  private static Dataset<Row> copy(SparkSession spark, DatasetConfig d) {
    Column[] serving = d.servingColumns().stream().map(ColumnSpec::name).map(n -> col(SchemaContract.quote(n)))
        .toArray(Column[]::new);
    return spark.read().parquet(d.source().path()).select(serving)
        .withColumn(ScoredRows.SCORE_DATE, to_date(col(SchemaContract.quote(d.eventTime().orElseThrow()))));
  }

  /** Raw rows through the serving contract and derivations. */
  private static Dataset<Row> contracted(SparkSession spark, DatasetConfig d) {
    Dataset<Row> typed = SchemaContract.forServing(d).apply(RawSource.read(spark, d.source()).rows(), d.source().path());
    return DerivedColumns.withDerived(typed, d).withColumn(ScoredRows.ROW_ID, io.lakeml.dataset.RowIdentity.servingId(d));
  }

  /** The accepted ones: what the MLlib baseline scores. */
  private static Dataset<Row> accepted(SparkSession spark, DatasetConfig d) {
    return contracted(spark, d).where(col(SchemaContract.FIRST_VIOLATION).isNull());
  }

  private static Dataset<Row> logistic(Dataset<Row> accepted, ServingPlan plan, LogisticRegressionModel lr, DatasetConfig d) {
    Dataset<Row> scored = lr.transform(plan.champion().model().pipeline().transform(accepted));
    Column score = functions.vector_to_array(col("probability"), "float64").getItem(1);
    List<Column> outColumns = new java.util.ArrayList<>();
    ScoredRows.identityColumns(d).forEach(c -> outColumns.add(col(SchemaContract.quote(c))));
    outColumns.add(col(ScoredRows.ROW_ID));
    outColumns.add(score.as("score"));
    outColumns.add(lit(1L).as("model_version"));
    outColumns.add(col(DatasetConfig.EVENT_DATE).as(ScoredRows.SCORE_DATE));
    return scored.select(outColumns.toArray(Column[]::new));
  }

  /** Fitted on 200,000 prepared rows of the training window (not timed). */
  private static LogisticRegressionModel logisticRegression(SparkSession spark, LakemlConfig config, ServingPlan plan) {
    String path = Lakehouse.of(config).tablePath(TableNames.prepared(config.requireDataset().name()));
    Dataset<Row> train = spark.read().format("delta").load(path).limit(200_000);
    Dataset<Row> features = plan.champion().model().pipeline().transform(train)
        .withColumnRenamed(config.requireDataset().label().name(), "label");
    return new LogisticRegression().setMaxIter(20).setFeaturesCol(FeaturePipeline.FEATURES).fit(features);
  }

  private static java.util.Map<String, String> scoredProperties(LakemlConfig config) {
    return ScoredTable.properties(config.score().retentionDays());
  }

  private static void write(Dataset<Row> rows, String path) {
    write(rows, path, java.util.Map.of());
  }

  /** As the job writes (Delta's writer, its commit through {@link StagedWrite}), all dates at once. */
  private static void write(Dataset<Row> rows, String path, java.util.Map<String, String> tableProperties) {
    if (tableProperties.isEmpty()) {
      rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
          .partitionBy(ScoredRows.SCORE_DATE).save(path);
      return;
    }
    io.lakeml.internal.lakehouse.StagedWrite.stage(rows, path, List.of(ScoredRows.SCORE_DATE), tableProperties,
        java.util.Map.of("overwriteSchema", "true")).commit();
  }

  private static void deleteQuietly(SparkSession spark, String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot delete the benchmark's output " + path, e);
    }
  }

}
