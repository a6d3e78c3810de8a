package io.lakeml.evaluate;

import java.util.List;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Rows of Spark ML feature vectors as XGBoost's compressed sparse rows. An entry a sparse vector
 * leaves out is missing to XGBoost (its trees learn where such rows go), which for one-hot and
 * zero-filled columns is what the features mean.
 */
public final class SparseMatrix {
  private SparseMatrix() {}

  /** Rows of (features, label as a double) with their labels; the label column may be absent. */
  public static DMatrix of(List<Row> rows, int width, boolean labelled) throws XGBoostError {
    long[] starts = new long[rows.size() + 1];
    int nonZeros = 0;
    for (int r = 0; r < rows.size(); r++) {
      nonZeros += ((Vector) rows.get(r).get(0)).numNonzeros();
      starts[r + 1] = nonZeros;
    }
    int[] indices = new int[nonZeros];
    float[] values = new float[nonZeros];
    int k = 0;
    for (Row row : rows) {
      SparseVector v = ((Vector) row.get(0)).toSparse();
      for (int j = 0; j < v.indices().length; j++) {
        indices[k] = v.indices()[j];
        values[k++] = (float) v.values()[j];
      }
    }
    DMatrix m = new DMatrix(starts, indices, values, DMatrix.SparseType.CSR, width);
    if (labelled) {
      float[] labels = new float[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        labels[r] = (float) rows.get(r).getDouble(1);
      }
      m.setLabel(labels);
    }
    return m;
  }
}
