package io.lakeml.internal.features;

import io.lakeml.dataset.FeatureSet;
import io.lakeml.dataset.NumericEncoding;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A fitted {@link FeaturePipeline} read as plain arrays (imputation surrogates, scaler means and
 * deviations, indexer labels, one-hot block sizes) so the scoring path can turn typed column
 * values straight into sparse feature rows, without materialising Spark ML's per-stage columns and
 * vectors. It is the same transform, not a re-fit: every number comes from the fitted stages, and
 * {@code CompiledFeaturesTest} pins its output to the pipeline's own for every kind of value
 * (unseen and null categories, missing and NaN numbers). Pipelines of another shape do not compile;
 * the scoring path then runs the Spark ML pipeline itself.
 */
public final class CompiledFeatures implements Serializable {
  private static final String NULL_CATEGORY = "__null__";

  private final int[] slotFeature;
  private final NumericEncoding[] slotEncoding;
  private final int[] slotPart;
  private final double[] surrogate;
  private final double[] mean;
  private final double[] scale;
  private final String[][] labels;
  private final int[] offsets;
  private final int width;
  private transient Map<Object, Integer>[] index;
  private transient DenseIndex[] dense;

  private CompiledFeatures(List<FeaturePipeline.NumericSlot> slots, double[] surrogate, double[] mean, double[] scale,
      String[][] labels, int[] offsets, int width) {
    this.slotFeature = slots.stream().mapToInt(FeaturePipeline.NumericSlot::feature).toArray();
    this.slotEncoding = slots.stream().map(slot -> slot.encoding().orElse(null)).toArray(NumericEncoding[]::new);
    this.slotPart = slots.stream().mapToInt(FeaturePipeline.NumericSlot::part).toArray();
    this.surrogate = surrogate;
    this.mean = mean;
    this.scale = scale;
    this.labels = labels;
    this.offsets = offsets;
    this.width = width;
  }

  /**
   * The compiled form of a pipeline built by {@link FeaturePipeline} for these features, if it has
   * that shape: its first stage must be the very statement these features give (a model trained
   * with other features or encodings is scored by its own pipeline).
   */
  public static Optional<CompiledFeatures> of(PipelineModel model, FeatureSet features) {
    SQLTransformer cast = stage(model, SQLTransformer.class);
    if (cast == null || !cast.getStatement().equals(FeaturePipeline.castStatement(features))) {
      return Optional.empty();
    }
    List<FeaturePipeline.NumericSlot> slots = FeaturePipeline.numericSlots(features);
    int numeric = slots.size();
    int categorical = features.categorical().size();
    ImputerModel imputer = stage(model, ImputerModel.class);
    StandardScalerModel scaler = stage(model, StandardScalerModel.class);
    StringIndexerModel indexer = stage(model, StringIndexerModel.class);
    OneHotEncoderModel encoder = stage(model, OneHotEncoderModel.class);
    if ((numeric > 0) != (imputer != null && scaler != null) || (categorical > 0) != (indexer != null && encoder != null)) {
      return Optional.empty();
    }
    double[] surrogate = new double[numeric];
    double[] mean = new double[numeric];
    double[] scale = new double[numeric];
    if (numeric > 0) {
      if (!Double.isNaN(imputer.getMissingValue())) {
        return Optional.empty();
      }
      Row s = imputer.surrogateDF().first();
      double[] m = scaler.mean().toArray();
      double[] sd = scaler.std().toArray();
      for (int i = 0; i < numeric; i++) {
        surrogate[i] = s.getDouble(s.fieldIndex("__num_" + i));
        mean[i] = scaler.getWithMean() ? m[i] : 0;
        scale[i] = !scaler.getWithStd() ? 1 : sd[i] == 0 ? 0 : 1.0 / sd[i];
      }
    }
    String[][] labels = categorical > 0 ? indexer.labelsArray() : new String[0][];
    int[] offsets = new int[categorical];
    int width = numeric;
    if (categorical > 0) {
      if (!"keep".equals(indexer.getHandleInvalid()) || !"keep".equals(encoder.getHandleInvalid())
          || encoder.getDropLast() || labels.length != categorical) {
        return Optional.empty();
      }
      int[] sizes = encoder.categorySizes();
      for (int j = 0; j < categorical; j++) {
        offsets[j] = width;
        width += sizes[j] + 1; // keep + no dropLast: the encoder adds a slot for invalid indices
      }
    }
    return Optional.of(new CompiledFeatures(slots, surrogate, mean, scale, labels, offsets, width));
  }

  public int width() {
    return width;
  }

  /**
   * Appends the feature row of {@code row} to {@code out}.
   *
   * @param unseen counts, per categorical column, values the indexer never saw (nulls included)
   */
  public void append(InternalRow row, int[] numericOrdinals, DataType[] numericTypes, int[] categoricalOrdinals,
      DataType[] categoricalTypes, SparseRows out, long[] unseen) {
    for (int i = 0; i < slotFeature.length; i++) {
      int f = slotFeature[i];
      double x = number(row, numericOrdinals[f], numericTypes[f]);
      if (slotEncoding[i] != null) {
        x = slotEncoding[i].apply(slotPart[i], x);
      }
      if (Double.isNaN(x)) {
        x = surrogate[i];
      }
      double v = (x - mean[i]) * scale[i];
      if (v != 0) {
        out.put(i, (float) v);
      }
    }
    Map<Object, Integer>[] maps = maps();
    for (int j = 0; j < categoricalOrdinals.length; j++) {
      int known = denseIndex(j, row, categoricalOrdinals[j], categoricalTypes[j]);
      Integer idx = known == DenseIndex.NOT_DENSE ? maps[j].get(key(row, categoricalOrdinals[j], categoricalTypes[j]))
          : known == DenseIndex.UNSEEN ? null : Integer.valueOf(known);
      if (idx == null) {
        idx = labels[j].length; // the indexer's "keep" slot for unseen values
        unseen[j]++;
      }
      out.put(offsets[j] + idx, 1f);
    }
    out.endRow();
  }

  private static double number(InternalRow row, int ordinal, DataType type) {
    if (row.isNullAt(ordinal)) {
      return Double.NaN;
    }
    if (type == DataTypes.DoubleType) {
      return row.getDouble(ordinal);
    } else if (type == DataTypes.IntegerType) {
      return row.getInt(ordinal);
    } else if (type == DataTypes.LongType) {
      return row.getLong(ordinal);
    } else if (type == DataTypes.FloatType) {
      return row.getFloat(ordinal);
    } else if (type == DataTypes.ShortType) {
      return row.getShort(ordinal);
    }
    return row.getByte(ordinal);
  }

  /**
   * The index of a non-null integral category through an array over its labels' range (a day of
   * week, a month: no boxing, no hashing): {@link DenseIndex#UNSEEN} when unseen,
   * {@link DenseIndex#NOT_DENSE} when the column has no such array or the value is null (the map
   * decides).
   */
  private int denseIndex(int j, InternalRow row, int ordinal, DataType type) {
    if (type == DataTypes.StringType || row.isNullAt(ordinal)) {
      return DenseIndex.NOT_DENSE;
    }
    if (dense == null) {
      DenseIndex[] d = new DenseIndex[labels.length];
      for (int c = 0; c < labels.length; c++) {
        d[c] = DenseIndex.of(labels[c]);
      }
      dense = d;
    }
    DenseIndex table = dense[j];
    if (table == null) {
      return DenseIndex.NOT_DENSE;
    }
    long v = type == DataTypes.IntegerType ? row.getInt(ordinal) : type == DataTypes.LongType ? row.getLong(ordinal)
        : type == DataTypes.ShortType ? row.getShort(ordinal) : row.getByte(ordinal);
    return table.get(v);
  }

  /** Integral labels' indexes in an array from the smallest to the largest (when that span is small). */
  private static final class DenseIndex {
    static final int NOT_DENSE = -2;
    static final int UNSEEN = -1;
    private static final int MAX_SPAN = 4096;
    private final long min;
    private final int[] index;

    private DenseIndex(long min, int[] index) {
      this.min = min;
      this.index = index;
    }

    /** As {@link #maps}: a label's integral form maps to its first index; null when no label is integral or the span is wide. */
    static DenseIndex of(String[] labels) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (String label : labels) {
        Optional<Long> v = integral(label);
        if (v.isPresent()) {
          lo = Math.min(lo, v.get());
          hi = Math.max(hi, v.get());
        }
      }
      if (lo > hi || hi - lo >= MAX_SPAN) {
        return null;
      }
      int[] index = new int[(int) (hi - lo + 1)];
      java.util.Arrays.fill(index, UNSEEN);
      for (int k = 0; k < labels.length; k++) {
        Optional<Long> v = integral(labels[k]);
        if (v.isPresent() && index[(int) (v.get() - lo)] == UNSEEN) {
          index[(int) (v.get() - lo)] = k;
        }
      }
      return new DenseIndex(lo, index);
    }

    int get(long v) {
      return v < min || v - min >= index.length ? UNSEEN : index[(int) (v - min)];
    }
  }

  /** The lookup key of a categorical value: what Spark's cast to string would compare equal to. */
  private static Object key(InternalRow row, int ordinal, DataType type) {
    if (row.isNullAt(ordinal)) {
      return NULL_CATEGORY;
    }
    if (type == DataTypes.StringType) {
      return row.getUTF8String(ordinal);
    } else if (type == DataTypes.IntegerType) {
      return (long) row.getInt(ordinal);
    } else if (type == DataTypes.LongType) {
      return row.getLong(ordinal);
    } else if (type == DataTypes.ShortType) {
      return (long) row.getShort(ordinal);
    }
    return (long) row.getByte(ordinal);
  }

  /** Whether a column of this type can be read by {@link #append}. */
  public static boolean supportsNumeric(DataType t) {
    return List.of(DataTypes.DoubleType, DataTypes.IntegerType, DataTypes.LongType, DataTypes.FloatType,
        DataTypes.ShortType, DataTypes.ByteType).contains(t);
  }

  public static boolean supportsCategorical(DataType t) {
    return List.of(DataTypes.StringType, DataTypes.IntegerType, DataTypes.LongType, DataTypes.ShortType,
        DataTypes.ByteType).contains(t);
  }

  // Keys: UTF8String for text values, Long for integral ones (their labels are their decimal
  // text), and the string "__null__" for nulls, mapped to the label the pipeline gives nulls.
  @SuppressWarnings("unchecked")
  private Map<Object, Integer>[] maps() {
    if (index == null) {
      Map<Object, Integer>[] m = new Map[labels.length];
      for (int j = 0; j < labels.length; j++) {
        m[j] = new HashMap<>(labels[j].length * 2);
        for (int k = 0; k < labels[j].length; k++) {
          String label = labels[j][k];
          if (label.equals(NULL_CATEGORY)) {
            m[j].put(NULL_CATEGORY, k);
          }
          m[j].put(UTF8String.fromString(label), k);
          final int at = k;
          final Map<Object, Integer> map = m[j];
          integral(label).ifPresent(v -> map.putIfAbsent(v, at));
        }
      }
      index = m;
    }
    return index;
  }

  private static Optional<Long> integral(String label) {
    try {
      Long v = Long.parseLong(label);
      return String.valueOf(v).equals(label) ? Optional.of(v) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static <T extends Transformer> T stage(PipelineModel model, Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Transformer t : model.stages()) {
      if (type.isInstance(t)) {
        found.add(type.cast(t));
      }
    }
    return found.size() == 1 ? found.get(0) : null;
  }
}
