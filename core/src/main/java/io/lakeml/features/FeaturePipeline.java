package io.lakeml.features;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.SchemaContract;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * The Spark ML feature pipeline of a dataset, built from its config: numeric features are cast to
 * double, imputed (mean) and standardised; categorical ones are indexed by frequency (unseen values
 * kept in an extra slot) and one-hot encoded; everything is assembled into {@link #FEATURES}. It is
 * fitted on the training split only, and the fitted model is part of the model artefact, so
 * scoring applies exactly the same transform.
 */
public final class FeaturePipeline {
  public static final String FEATURES = "features";

  private FeaturePipeline() {}

  public static Pipeline build(DatasetConfig d) {
    List<String> numeric = d.features().numeric();
    List<String> categorical = d.features().categorical();
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(new SQLTransformer().setStatement(castStatement(numeric, categorical)));
    List<String> assembled = new ArrayList<>();
    if (!numeric.isEmpty()) {
      stages.add(new Imputer().setStrategy("mean").setInputCols(names("__num_", numeric.size()))
          .setOutputCols(names("__imp_", numeric.size())));
      stages.add(new VectorAssembler().setInputCols(names("__imp_", numeric.size())).setOutputCol("__numeric"));
      stages.add(new StandardScaler().setWithMean(true).setWithStd(true).setInputCol("__numeric").setOutputCol("__scaled"));
      assembled.add("__scaled");
    }
    if (!categorical.isEmpty()) {
      stages.add(new StringIndexer().setInputCols(names("__cat_", categorical.size()))
          .setOutputCols(names("__idx_", categorical.size()))
          .setHandleInvalid("keep").setStringOrderType("frequencyDesc"));
      stages.add(new OneHotEncoder().setInputCols(names("__idx_", categorical.size()))
          .setOutputCols(names("__ohe_", categorical.size())).setHandleInvalid("keep").setDropLast(false));
      assembled.addAll(List.of(names("__ohe_", categorical.size())));
    }
    stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FEATURES));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  // Casting inside the pipeline (not before it) keeps the cast in the fitted model: the scoring
  // path cannot forget it. Nulls in categorical columns become the category "__null__".
  private static String castStatement(List<String> numeric, List<String> categorical) {
    StringBuilder select = new StringBuilder("SELECT *");
    for (int i = 0; i < numeric.size(); i++) {
      select.append(", CAST(").append(SchemaContract.quote(numeric.get(i))).append(" AS DOUBLE) AS __num_").append(i);
    }
    for (int i = 0; i < categorical.size(); i++) {
      select.append(", coalesce(CAST(").append(SchemaContract.quote(categorical.get(i)))
          .append(" AS STRING), '__null__') AS __cat_").append(i);
    }
    return select.append(" FROM __THIS__").toString();
  }

  private static String[] names(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toArray(String[]::new);
  }
}
