package io.lakeml.internal.features;

import java.util.Arrays;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Feature vectors of a mini-batch in compressed sparse row form, in primitive arrays that grow as
 * rows are added and are reused batch after batch: a one-hot row has a handful of active values,
 * so this is what reaches the network's first layer, never a dense row of every category.
 */
public final class SparseRows {
  private int rows;
  private int[] rowStart = new int[1025];
  private int[] indices = new int[8192];
  private float[] values = new float[8192];
  private int pending;

  public void clear() {
    rows = 0;
    pending = 0;
  }

  public int rows() {
    return rows;
  }

  public int[] rowStart() {
    return rowStart;
  }

  public int[] indices() {
    return indices;
  }

  public float[] values() {
    return values;
  }

  /** Appends a row; zeros of a dense vector are skipped. */
  public void add(Vector v) {
    int start = rowStart[rows];
    int n = start;
    if (v instanceof SparseVector s) {
      int[] is = s.indices();
      double[] xs = s.values();
      ensure(start + is.length);
      for (int k = 0; k < is.length; k++) {
        indices[n] = is[k];
        values[n++] = (float) xs[k];
      }
    } else {
      double[] xs = ((DenseVector) v).values();
      ensure(start + xs.length);
      for (int i = 0; i < xs.length; i++) {
        if (xs[i] != 0) {
          indices[n] = i;
          values[n++] = (float) xs[i];
        }
      }
    }
    if (rows + 2 > rowStart.length) {
      rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
    }
    rowStart[++rows] = n;
  }

  /** Appends one value to the row being built (indices in increasing order); see {@link #endRow}. */
  public void put(int index, float value) {
    int n = rowStart[rows] + pending;
    ensure(n + 1);
    indices[n] = index;
    values[n] = value;
    pending++;
  }

  /** Closes the row being built with {@link #put}. */
  public void endRow() {
    if (rows + 2 > rowStart.length) {
      rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
    }
    rowStart[rows + 1] = rowStart[rows] + pending;
    rows++;
    pending = 0;
  }

  /** The rows as a dense row-major matrix of {@code width} columns (for networks that need one). */
  public float[] dense(int width) {
    float[] out = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
        out[r * width + indices[k]] = values[k];
      }
    }
    return out;
  }

  private void ensure(int capacity) {
    if (capacity > indices.length) {
      int size = Math.max(capacity, indices.length * 2);
      indices = Arrays.copyOf(indices, size);
      values = Arrays.copyOf(values, size);
    }
  }
}
