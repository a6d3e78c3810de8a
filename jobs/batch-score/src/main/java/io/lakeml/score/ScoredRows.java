package io.lakeml.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;

import io.lakeml.config.ScoreConfig;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.features.FeaturePipeline;
import io.lakeml.model.BatchScorer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Accepted rows -> the rows of {@code scored_<dataset>}: each serving model's own fitted feature
 * pipeline, then the networks in one mapPartitions pass (only identity columns and feature vectors
 * cross into it), then the served score, its variant and the lineage columns as plain Spark
 * expressions. With a challenger, both models score every row: the served score is in
 * {@code score}, the other model's in {@code other_score}, for comparison once labels arrive.
 */
final class ScoredRows {
  static final String ROW_ID = "row_id";
  static final String SCORE_DATE = "score_date";
  static final String VARIANT = "variant";
  private static final String CHAMPION_FEATURES = "__features_champion";
  private static final String CHALLENGER_FEATURES = "__features_challenger";
  private static final String CHAMPION_SCORE = "__score_champion";
  private static final String CHALLENGER_SCORE = "__score_challenger";

  private ScoredRows() {}

  /** The columns that identify a scored row: the declared key, or every serving column. */
  static List<String> identityColumns(DatasetConfig d) {
    return d.keyColumns().isEmpty() ? d.servingColumns().stream().map(ColumnSpec::name).toList() : d.keyColumns();
  }

  /** Serving rows' identity: a hash of their declared serving values (stable across runs). */
  static Column rowId(DatasetConfig d) {
    return org.apache.spark.sql.functions.xxhash64(d.servingColumns().stream()
        .map(c -> col(SchemaContract.quote(c.name()))).toArray(Column[]::new));
  }

  static Dataset<Row> build(Dataset<Row> accepted, DatasetConfig d, ServingPlan plan, ScoreConfig config,
      String runId, Timestamp scoredAt, CollectionAccumulator<Double> batchMillis) {
    List<String> carried = new ArrayList<>(identityColumns(d));
    carried.add(ROW_ID);
    carried.add(DatasetConfig.EVENT_DATE);
    Set<String> needed = new LinkedHashSet<>(carried);
    needed.addAll(d.features().numeric());
    needed.addAll(d.features().categorical());
    Dataset<Row> rows = accepted.select(needed.stream().map(n -> col(SchemaContract.quote(n))).toArray(Column[]::new));
    List<BatchScorer.Target> targets = new ArrayList<>();
    rows = features(rows, plan.champion(), CHAMPION_FEATURES);
    targets.add(new BatchScorer.Target(CHAMPION_FEATURES, CHAMPION_SCORE, plan.champion().model()));
    carried.add(CHAMPION_FEATURES);
    if (plan.challenger().isPresent()) {
      rows = features(rows, plan.challenger().get(), CHALLENGER_FEATURES);
      targets.add(new BatchScorer.Target(CHALLENGER_FEATURES, CHALLENGER_SCORE, plan.challenger().get().model()));
      carried.add(CHALLENGER_FEATURES);
    }
    Dataset<Row> narrow = rows.select(carried.stream().map(n -> col(SchemaContract.quote(n))).toArray(Column[]::new));
    Dataset<Row> scored = BatchScorer.score(narrow, targets, config.batchSize(), batchMillis);
    return output(scored, d, plan, config, runId, scoredAt);
  }

  private static Dataset<Row> features(Dataset<Row> rows, ServedModel model, String as) {
    Dataset<Row> transformed = model.model().pipeline().transform(rows)
        .withColumnRenamed(FeaturePipeline.FEATURES, as);
    List<String> internal = new ArrayList<>();
    for (String c : transformed.columns()) {
      if (c.startsWith("__") && !c.startsWith("__features_")) {
        internal.add(c);
      }
    }
    return transformed.drop(internal.toArray(String[]::new));
  }

  private static Dataset<Row> output(Dataset<Row> scored, DatasetConfig d, ServingPlan plan, ScoreConfig config,
      String runId, Timestamp scoredAt) {
    long championVersion = plan.champion().version();
    boolean hasChallenger = plan.challenger().isPresent();
    Column challengerServes = hasChallenger
        ? pmod(col(ROW_ID), lit(100)).lt(plan.challengerPercent()) : lit(false);
    Column champion = col(CHAMPION_SCORE);
    Column challenger = hasChallenger ? col(CHALLENGER_SCORE) : lit(null).cast(DataTypes.DoubleType);
    Column challengerVersion = hasChallenger ? lit(plan.challenger().get().version()) : lit(null).cast(DataTypes.LongType);
    Column score = when(challengerServes, challenger).otherwise(champion);
    List<Column> out = new ArrayList<>();
    identityColumns(d).forEach(c -> out.add(col(SchemaContract.quote(c))));
    out.add(col(ROW_ID));
    out.add(score.as("score"));
    out.add(score.geq(config.threshold()).cast(DataTypes.IntegerType).as("predicted_label"));
    out.add(lit(config.threshold()).as("threshold"));
    out.add(lit(plan.champion().name()).as("model_name"));
    out.add(when(challengerServes, challengerVersion).otherwise(lit(championVersion)).as("model_version"));
    out.add(when(challengerServes, lit(ServingPlan.CHALLENGER)).otherwise(lit(ServingPlan.CHAMPION)).as(VARIANT));
    out.add(when(challengerServes, lit(championVersion)).otherwise(challengerVersion).as("other_model_version"));
    out.add(when(challengerServes, champion).otherwise(challenger).as("other_score"));
    out.add(lit(runId).as("run_id"));
    out.add(lit(scoredAt).as("scored_at"));
    out.add(lit(plan.fallback()).as("fallback"));
    out.add(col(DatasetConfig.EVENT_DATE).as(SCORE_DATE));
    return scored.select(out.toArray(Column[]::new));
  }
}
