package io.lakeml.score;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeml.config.ScoreConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.features.CompiledFeatures;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.model.BatchScorer;
import io.lakeml.internal.model.RowScorer;
import io.lakeml.internal.model.ScoringNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The serving path shared by scoring and its health check: rows with typed and derived columns in,
 * the same rows out with one score column per model ({@code __score_0}, {@code __score_1}, ...).
 * When every model's fitted pipeline compiles ({@link CompiledFeatures}) and
 * {@code lakeml.score.features = compiled}, the networks score Spark's internal rows in bulk
 * ({@link RowScorer}); otherwise each model's saved Spark ML pipeline runs and {@link BatchScorer}
 * scores its feature vectors. {@code lakeml.score.network} chooses the forward pass either way. Rows with a non-null {@code skipColumn} get null
 * scores. Unseen categories of the first model are counted either way.
 */
final class ServingScores {
  private ServingScores() {}

  /**
   * Rows with scores, and the unseen-category counts (readable once the rows were written); when
   * the features compiled, the same scored rows as Spark's internal rows ({@code internal}), for
   * a writer that takes them directly.
   */
  record Scored(Dataset<Row> rows, boolean compiled, Supplier<Map<String, Double>> unseen,
      Optional<RowScorer.Scoring> internal) {}

  static String scoreColumn(int model) {
    return "__score_" + model;
  }

  static Scored score(Dataset<Row> rows, DatasetConfig d, List<ServedModel> models, String skipColumn, int batchSize,
      ScoreConfig paths, CollectionAccumulator<Double> batchMillis) {
    List<String> numeric = d.features().numeric();
    List<String> categorical = d.features().categorical();
    boolean dl4jForward = paths.network() == ScoreConfig.Network.DL4J;
    List<RowScorer.Target> targets = paths.features() == ScoreConfig.Features.COMPILED
        ? compiled(rows, d, models) : List.of();
    if (targets.size() == models.size()) {
      List<LongAccumulator> unseen = new ArrayList<>();
      for (String c : categorical) {
        unseen.add(rows.sparkSession().sparkContext().longAccumulator("unseen " + c));
      }
      RowScorer.Scoring scoring = RowScorer.scoring(rows, numeric, categorical, skipColumn, targets, batchSize,
          dl4jForward, batchMillis, unseen);
      Dataset<Row> scored = rows.sparkSession().internalCreateDataFrame(scoring.rows(), scoring.schema(), false);
      return new Scored(scored, true, () -> {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < categorical.size(); j++) {
          m.put("unseen." + categorical.get(j), (double) unseen.get(j).value());
        }
        return m;
      }, Optional.of(scoring));
    }
    return pipelines(rows, d, models, skipColumn, batchSize, dl4jForward, batchMillis);
  }

  private static List<RowScorer.Target> compiled(Dataset<Row> rows, DatasetConfig d, List<ServedModel> models) {
    List<RowScorer.Target> targets = new ArrayList<>();
    boolean readable = d.features().numeric().stream().allMatch(c -> CompiledFeatures.supportsNumeric(rows.schema().apply(c).dataType()))
        && d.features().categorical().stream().allMatch(c -> CompiledFeatures.supportsCategorical(rows.schema().apply(c).dataType()));
    for (int m = 0; m < models.size() && readable; m++) {
      ServedModel model = models.get(m);
      Optional<CompiledFeatures> features = CompiledFeatures.of(model.model().pipeline(), d.features());
      int width = ScoringNetwork.forThread(model.model().confJson(), model.model().params()).width();
      if (features.isPresent() && features.get().width() == width) {
        targets.add(new RowScorer.Target(features.get(), model.model(), scoreColumn(m)));
      }
    }
    return targets;
  }

  /** The general path: each model's Spark ML pipeline, then the networks on its feature vectors. */
  private static Scored pipelines(Dataset<Row> rows, DatasetConfig d, List<ServedModel> models, String skipColumn,
      int batchSize, boolean dl4jForward, CollectionAccumulator<Double> batchMillis) {
    Observation observation = new Observation("unseen_" + java.util.UUID.randomUUID().toString().replace("-", ""));
    Optional<Dataset<Row>> counted = unseenObserved(rows, d, models.get(0), skipColumn, observation);
    Dataset<Row> observed = counted.orElse(rows);
    List<String> carried = List.of(observed.columns());
    List<BatchScorer.Target> targets = new ArrayList<>();
    Dataset<Row> withFeatures = observed;
    for (int m = 0; m < models.size(); m++) {
      String features = "__features_" + m;
      withFeatures = features(withFeatures, models.get(m), features);
      targets.add(new BatchScorer.Target(features, "__raw_score_" + m, models.get(m).model()));
    }
    List<Column> keep = new ArrayList<>(carried.stream().map(c -> col(SchemaContract.quote(c))).toList());
    for (int m = 0; m < models.size(); m++) {
      keep.add(col("__features_" + m));
    }
    Dataset<Row> scored = BatchScorer.score(withFeatures.select(keep.toArray(Column[]::new)), targets, batchSize,
        dl4jForward, batchMillis);
    for (int m = 0; m < models.size(); m++) {
      Column raw = col("__raw_score_" + m);
      scored = scored.withColumn(scoreColumn(m), skipColumn == null ? raw : when(col(skipColumn).isNull(), raw))
          .drop("__raw_score_" + m);
    }
    return new Scored(scored, false, () -> counted.isPresent() ? numbers(observed(observation)) : Map.of(), Optional.empty());
  }

  private static Dataset<Row> features(Dataset<Row> rows, ServedModel model, String as) {
    Dataset<Row> transformed = model.model().pipeline().transform(rows).withColumnRenamed(FeaturePipeline.FEATURES, as);
    // Only the pipeline's own intermediate columns go: the caller's (e.g. the health check's
    // expected outputs) stay, whatever their names.
    List<String> input = List.of(rows.columns());
    List<String> internal = new ArrayList<>();
    for (String c : transformed.columns()) {
      if (!input.contains(c) && !c.equals(as)) {
        internal.add(c);
      }
    }
    return transformed.drop(internal.toArray(String[]::new));
  }

  /**
   * Counts values each categorical feature's indexer never saw in the rows that are scored (not
   * those with a non-null {@code skipColumn}, as the compiled path counts), during the same scan
   * (empty: nothing to count).
   */
  private static Optional<Dataset<Row>> unseenObserved(Dataset<Row> rows, DatasetConfig d, ServedModel model,
      String skipColumn, Observation o) {
    List<String> categorical = d.features().categorical();
    Optional<StringIndexerModel> indexer = indexer(model);
    if (categorical.isEmpty() || indexer.isEmpty()) {
      return Optional.empty();
    }
    String[][] labels = indexer.get().labelsArray();
    List<Column> unseen = new ArrayList<>();
    for (int i = 0; i < categorical.size() && i < labels.length; i++) {
      Column value = coalesce(col(SchemaContract.quote(categorical.get(i))).cast(DataTypes.StringType), lit("__null__"));
      Column scored = skipColumn == null ? lit(true) : col(skipColumn).isNull();
      unseen.add(sum(when(scored.and(not(value.isin((Object[]) labels[i]))), 1).otherwise(0))
          .as("unseen." + categorical.get(i)));
    }
    return Optional.of(rows.observe(o, unseen.get(0), unseen.subList(1, unseen.size()).toArray(Column[]::new)));
  }

  private static Optional<StringIndexerModel> indexer(ServedModel model) {
    for (Transformer t : model.model().pipeline().stages()) {
      if (t instanceof StringIndexerModel s) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  static Map<String, Object> observed(Observation observation) {
    return io.lakeml.internal.spark.Observations.await(observation, "the scoring write");
  }

  private static Map<String, Double> numbers(Map<String, Object> values) {
    Map<String, Double> m = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith("unseen.")) {
        m.put(k, v == null ? 0 : ((Number) v).doubleValue());
      }
    });
    return m;
  }
}
