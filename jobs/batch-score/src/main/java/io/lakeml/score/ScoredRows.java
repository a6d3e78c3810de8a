package io.lakeml.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;

import io.lakeml.config.ScoreConfig;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.SchemaContract;
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
 * Contracted rows -> the rows of {@code scored_<dataset>}: the serving models score them
 * ({@link ServingScores}: only identity and feature columns cross into the scoring pass), then the
 * served score, its variant and the lineage columns are plain Spark expressions. With a challenger, both models score every row: the served score is in
 * {@code score}, the other model's in {@code other_score}, for comparison once labels arrive.
 */
final class ScoredRows {
  static final String ROW_ID = "row_id";
  static final String SCORE_DATE = "score_date";
  static final String VARIANT = "variant";

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

  /** Scored rows (still with the contract's {@link SchemaContract#FIRST_VIOLATION}) and unseen-category counts. */
  record Built(Dataset<Row> rows, boolean compiled, java.util.function.Supplier<java.util.Map<String, Double>> unseen,
      java.util.Optional<io.lakeml.model.RowScorer.Scoring> internal, Output output) {}

  /** What the output columns are made of: the plan's models and the run's constants. */
  record Output(DatasetConfig dataset, ServingPlan plan, double threshold, String runId, Timestamp scoredAt) {}

  /**
   * Every contracted row of the input, scored (rows that broke the contract pass through with null
   * scores, so one scan counts what was read; the caller drops them before writing).
   */
  static Built build(Dataset<Row> contracted, DatasetConfig d, ServingPlan plan, ScoreConfig config,
      String runId, Timestamp scoredAt, CollectionAccumulator<Double> batchMillis) {
    Set<String> needed = new LinkedHashSet<>(identityColumns(d));
    needed.add(ROW_ID);
    needed.add(DatasetConfig.EVENT_DATE);
    needed.addAll(d.features().numeric());
    needed.addAll(d.features().categorical());
    needed.add(SchemaContract.FIRST_VIOLATION);
    Dataset<Row> rows = contracted.select(needed.stream().map(n -> col(SchemaContract.quote(n))).toArray(Column[]::new));
    List<ServedModel> models = new ArrayList<>(List.of(plan.champion()));
    plan.challenger().ifPresent(models::add);
    ServingScores.Scored scored = ServingScores.score(rows, d, models, SchemaContract.FIRST_VIOLATION,
        config.batchSize(), batchMillis);
    return new Built(output(scored.rows(), d, plan, config, runId, scoredAt), scored.compiled(), scored.unseen(),
        scored.internal(), new Output(d, plan, config.threshold(), runId, scoredAt));
  }

  static Dataset<Row> output(Dataset<Row> scored, DatasetConfig d, ServingPlan plan, ScoreConfig config,
      String runId, Timestamp scoredAt) {
    long championVersion = plan.champion().version();
    boolean hasChallenger = plan.challenger().isPresent();
    Column challengerServes = hasChallenger
        ? pmod(col(ROW_ID), lit(100)).lt(plan.challengerPercent()) : lit(false);
    Column champion = col(ServingScores.scoreColumn(0));
    Column challenger = hasChallenger ? col(ServingScores.scoreColumn(1)) : lit(null).cast(DataTypes.DoubleType);
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
    out.add(col(SchemaContract.FIRST_VIOLATION));
    return scored.select(out.toArray(Column[]::new));
  }
}
