package io.lakeml.score;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;

import io.lakeml.config.ScoreConfig;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.LabelKind;
import io.lakeml.dataset.SchemaContract;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Contracted rows -> the rows of {@code scored_<dataset>}: the serving models score them
 * ({@link ServingScores}: only identity and feature columns cross into the scoring pass), then the
 * served score, its variant and the lineage columns are plain Spark expressions. With a challenger, both models score every row: the served score is in
 * {@code score}, the other model's in {@code other_score}, for comparison once labels arrive.
 */
final class ScoredRows {
  static final String ROW_ID = io.lakeml.dataset.RowIdentity.SERVING_ID;
  static final String SCORE_DATE = "score_date";
  static final String VARIANT = "variant";

  private ScoredRows() {}

  /** The columns that identify a scored row: the declared key, or every serving column. */
  static List<String> identityColumns(DatasetConfig d) {
    return d.keyColumns().isEmpty() ? d.servingColumns().stream().map(ColumnSpec::name).toList() : d.keyColumns();
  }


  /** Scored rows (still with the contract's {@link SchemaContract#FIRST_VIOLATION}) and unseen-category counts. */
  record Built(Dataset<Row> rows, boolean compiled, java.util.function.Supplier<java.util.Map<String, Double>> unseen,
      java.util.Optional<io.lakeml.internal.model.RowScorer.Scoring> internal, Output output) {}

  /** What the output columns are made of: the plan's models and the run's constants. */
  record Output(DatasetConfig dataset, ServingPlan plan, String runId, Timestamp scoredAt) {
    LabelKind kind() {
      return plan.champion().task().kind();
    }
  }

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
        config.batchSize(), config, batchMillis);
    Output output = new Output(d, plan, runId, scoredAt);
    return new Built(output(scored.rows(), output), scored.compiled(), scored.unseen(), scored.internal(), output);
  }

  /**
   * The scored table's columns: the identity, the row id, what the served model predicts (by its
   * kind), which model served it and what the other one predicted, the run's lineage, the date.
   */
  static Dataset<Row> output(Dataset<Row> scored, Output o) {
    ServingPlan plan = o.plan();
    long championVersion = plan.champion().version();
    boolean hasChallenger = plan.challenger().isPresent();
    Column challengerServes = hasChallenger
        ? pmod(col(ROW_ID), lit(100)).lt(plan.challengerPercent()) : lit(false);
    Column challengerVersion = hasChallenger ? lit(plan.challenger().get().version()) : lit(null).cast(DataTypes.LongType);
    Served served = new Served(challengerServes, plan);
    List<Column> out = new ArrayList<>();
    identityColumns(o.dataset()).forEach(c -> out.add(col(SchemaContract.quote(c))));
    out.add(col(ROW_ID));
    out.addAll(served.prediction(o.kind()));
    out.add(lit(plan.champion().name()).as("model_name"));
    out.add(when(challengerServes, challengerVersion).otherwise(lit(championVersion)).as("model_version"));
    out.add(when(challengerServes, lit(ServingPlan.CHALLENGER)).otherwise(lit(ServingPlan.CHAMPION)).as(VARIANT));
    out.add(when(challengerServes, lit(championVersion)).otherwise(challengerVersion).as("other_model_version"));
    out.addAll(served.other(o.kind()));
    out.add(lit(o.runId()).as("run_id"));
    out.add(lit(o.scoredAt()).as("scored_at"));
    out.add(lit(plan.fallback()).as("fallback"));
    out.add(col(DatasetConfig.EVENT_DATE).as(SCORE_DATE));
    out.add(col(SchemaContract.FIRST_VIOLATION));
    return scored.select(out.toArray(Column[]::new));
  }

  /** The served model's and the other model's predictions, as Spark expressions, by kind. */
  private record Served(Column challengerServes, ServingPlan plan) {
    Column champion() {
      return col(ServingScores.scoreColumn(0));
    }

    Column challenger(DataType type) {
      return plan.challenger().isPresent() ? col(ServingScores.scoreColumn(1)) : lit(null).cast(type);
    }

    Column served(Column champion, Column challenger) {
      return when(challengerServes, challenger).otherwise(champion);
    }

    Column notServed(Column champion, Column challenger) {
      return when(challengerServes, champion).otherwise(challenger);
    }

    List<Column> prediction(LabelKind kind) {
      return switch (kind) {
        case BINARY -> {
          Column score = served(champion(), challenger(DataTypes.DoubleType));
          Column threshold = served(lit(plan.champion().threshold()),
              lit(plan.challenger().map(ServedModel::threshold).orElse(null)).cast(DataTypes.DoubleType));
          yield List.of(score.as("score"), score.geq(threshold).cast(DataTypes.IntegerType).as("predicted_label"),
              threshold.as("threshold"));
        }
        case MULTICLASS -> {
          Column probabilities = served(champion(), challenger(ARRAY));
          Column classes = served(classes(plan.champion()), challengerClasses());
          yield List.of(predictedClass(probabilities, classes).as("predicted_class"),
              array_max(probabilities).as("score"), map_from_arrays(classes, probabilities).as("probabilities"));
        }
        case REGRESSION -> List.of(served(champion(), challenger(DataTypes.DoubleType)).as("prediction"));
      };
    }

    List<Column> other(LabelKind kind) {
      return switch (kind) {
        case BINARY -> List.of(notServed(champion(), challenger(DataTypes.DoubleType)).as("other_score"));
        case MULTICLASS -> {
          Column probabilities = notServed(champion(), challenger(ARRAY));
          Column classes = notServed(classes(plan.champion()), challengerClasses());
          yield List.of(predictedClass(probabilities, classes).as("other_predicted_class"),
              array_max(probabilities).as("other_score"));
        }
        case REGRESSION -> List.of(notServed(champion(), challenger(DataTypes.DoubleType)).as("other_prediction"));
      };
    }

    private Column challengerClasses() {
      return plan.challenger().map(Served::classes).orElse(lit(null).cast(DataTypes.createArrayType(DataTypes.StringType)));
    }

    private static Column classes(ServedModel m) {
      return array(m.task().classes().stream().map(c -> lit(c)).toArray(Column[]::new));
    }

    /** The class of the largest probability (the first, on a tie). */
    private static Column predictedClass(Column probabilities, Column classes) {
      return element_at(classes, array_position(probabilities, array_max(probabilities)).cast(DataTypes.IntegerType));
    }
  }

  private static final DataType ARRAY = DataTypes.createArrayType(DataTypes.DoubleType, false);
}
