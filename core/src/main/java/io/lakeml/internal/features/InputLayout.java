package io.lakeml.internal.features;

import io.lakeml.dataset.FeatureSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.OneHotEncoderModel;

/**
 * Where each feature sits in the network's input vector, as {@link FeaturePipeline} assembles it:
 * the standardised numeric inputs first, then one one-hot block per categorical feature in the
 * config's order (its categories seen in training, plus one slot for unseen ones).
 *
 * @param numeric the numeric inputs (encodings may give a feature more than one)
 * @param categories the one-hot blocks, in input order
 */
public record InputLayout(int numeric, List<Block> categories) {

  /** The one-hot block of categorical feature {@code feature}: inputs [offset, offset + size). */
  public record Block(String feature, int offset, int size) {}

  public InputLayout {
    categories = List.copyOf(categories);
  }

  /** The layout of a fitted pipeline built by {@link FeaturePipeline} for {@code features}. */
  public static InputLayout of(PipelineModel model, FeatureSet features) {
    int numeric = FeaturePipeline.numericSlots(features).size();
    List<Block> blocks = new ArrayList<>();
    if (!features.categorical().isEmpty()) {
      int[] sizes = encoder(model).categorySizes();
      int offset = numeric;
      for (int j = 0; j < features.categorical().size(); j++) {
        int size = sizes[j] + 1; // handleInvalid = keep, dropLast = false: one more slot for unseen values
        blocks.add(new Block(features.categorical().get(j), offset, size));
        offset += size;
      }
    }
    return new InputLayout(numeric, blocks);
  }

  /** A layout of {@code width} inputs with no categorical block (nothing can be embedded). */
  public static InputLayout plain(int width) {
    return new InputLayout(width, List.of());
  }

  public int width() {
    return categories.isEmpty() ? numeric : categories.get(categories.size() - 1).offset()
        + categories.get(categories.size() - 1).size();
  }

  private static OneHotEncoderModel encoder(PipelineModel model) {
    for (Transformer t : model.stages()) {
      if (t instanceof OneHotEncoderModel e) {
        return e;
      }
    }
    throw new IllegalStateException("The feature pipeline has categorical features but no one-hot encoder");
  }
}
