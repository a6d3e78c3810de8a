package io.lakeml.internal.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A mini-batch kept sparse (one-hot features are mostly zeros) and turned into dense INDArrays
 * only when fitted or scored: cached batches stay small, and conversion happens in bulk. Labels
 * are encoded: a class index for classifiers, the standardised label for regression.
 */
public record Batch(int rows, int width, int[] rowStart, int[] indices, float[] values, float[] labels)
    implements Serializable {

  /** Cuts rows of (features vector, encoded label) into batches of {@code size}, in their order. */
  public static List<Batch> cut(Iterator<Row> rows, int width, int size) {
    List<Batch> batches = new ArrayList<>();
    Builder b = new Builder(width, size);
    while (rows.hasNext()) {
      Row r = rows.next();
      b.add(r.getAs(0), ((Number) r.get(1)).floatValue()); // labels are never null: prep quarantines those rows
      if (b.count == size) {
        batches.add(b.build());
        b = new Builder(width, size);
      }
    }
    if (b.count > 0) {
      batches.add(b.build());
    }
    return batches;
  }

  public INDArray features() {
    float[] dense = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
        dense[r * width + indices[k]] = values[k];
      }
    }
    return Nd4j.create(dense, new long[] {rows, width}, DataType.FLOAT);
  }

  /** The network's targets: one-hot classes, or the standardised label as one column. */
  public INDArray targets(ModelTask task) {
    if (!task.classifier()) {
      return Nd4j.create(labels.clone(), new long[] {rows, 1}, DataType.FLOAT);
    }
    int classes = task.outputs();
    float[] y = new float[rows * classes];
    for (int r = 0; r < rows; r++) {
      y[r * classes + (int) labels[r]] = 1f;
    }
    return Nd4j.create(y, new long[] {rows, classes}, DataType.FLOAT);
  }

  public DataSet toDataSet(ModelTask task) {
    return new DataSet(features(), targets(task));
  }

  private static final class Builder {
    final int width;
    final int[] rowStart;
    final float[] labels;
    final List<Integer> idx = new ArrayList<>();
    final List<Float> val = new ArrayList<>();
    int count;

    Builder(int width, int size) {
      this.width = width;
      this.rowStart = new int[size + 1];
      this.labels = new float[size];
    }

    void add(Vector v, float label) {
      org.apache.spark.ml.linalg.SparseVector sparse = v.toSparse();
      int[] is = sparse.indices();
      double[] xs = sparse.values();
      for (int k = 0; k < is.length; k++) {
        idx.add(is[k]);
        val.add((float) xs[k]);
      }
      labels[count] = label;
      rowStart[++count] = idx.size();
    }

    Batch build() {
      int[] indices = idx.stream().mapToInt(Integer::intValue).toArray();
      float[] values = new float[val.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = val.get(i);
      }
      return new Batch(count, width, java.util.Arrays.copyOf(rowStart, count + 1), indices, values,
          java.util.Arrays.copyOf(labels, count));
    }
  }
}
