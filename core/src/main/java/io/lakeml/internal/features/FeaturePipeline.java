package io.lakeml.internal.features;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.FeatureSet;
import io.lakeml.dataset.NumericEncoding;
import io.lakeml.dataset.SchemaContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * double, encoded as the config says ({@link NumericEncoding}: a signed log, sine and cosine of a
 * cycle), imputed (mean) and standardised; categorical ones are indexed by frequency (unseen values
 * kept in an extra slot) and one-hot encoded; everything is assembled into {@link #FEATURES}. It is
 * fitted on the training split only, and the fitted model is part of the model artefact, so
 * scoring applies exactly the same transform.
 */
public final class FeaturePipeline {
  public static final String FEATURES = "features";

  private FeaturePipeline() {}

  /**
   * One numeric input of the network: numeric feature {@code feature}'s value, or part
   * {@code part} of its encoding.
   */
  public record NumericSlot(int feature, Optional<NumericEncoding> encoding, int part) {}

  /** The numeric inputs of a feature set, in the order the pipeline assembles them. */
  public static List<NumericSlot> numericSlots(FeatureSet features) {
    List<NumericSlot> slots = new ArrayList<>();
    for (int i = 0; i < features.numeric().size(); i++) {
      Optional<NumericEncoding> e = features.encoding(features.numeric().get(i));
      for (int part = 0; part < e.map(NumericEncoding::width).orElse(1); part++) {
        slots.add(new NumericSlot(i, e, part));
      }
    }
    return List.copyOf(slots);
  }

  public static Pipeline build(DatasetConfig d) {
    List<String> numeric = d.features().numeric();
    List<String> categorical = d.features().categorical();
    int slots = numericSlots(d.features()).size();
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(new SQLTransformer().setStatement(castStatement(d.features())));
    List<String> assembled = new ArrayList<>();
    if (!numeric.isEmpty()) {
      stages.add(new Imputer().setStrategy("mean").setInputCols(names("__num_", slots))
          .setOutputCols(names("__imp_", slots)));
      stages.add(new VectorAssembler().setInputCols(names("__imp_", slots)).setOutputCol("__numeric"));
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

  /**
   * The pipeline's first stage, a SQL statement over {@code __THIS__}. Casting and encoding inside
   * the pipeline (not before it) keeps both in the fitted model: the scoring path cannot forget
   * them. Nulls in categorical columns become the category "__null__".
   */
  public static String castStatement(FeatureSet features) {
    List<String> numeric = features.numeric();
    List<String> categorical = features.categorical();
    StringBuilder select = new StringBuilder("SELECT *");
    List<NumericSlot> slots = numericSlots(features);
    for (int k = 0; k < slots.size(); k++) {
      NumericSlot slot = slots.get(k);
      String x = "CAST(" + SchemaContract.quote(numeric.get(slot.feature())) + " AS DOUBLE)";
      String value = slot.encoding().map(e -> e.sql(x).get(slot.part())).orElse(x);
      select.append(", ").append(value).append(" AS __num_").append(k);
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
