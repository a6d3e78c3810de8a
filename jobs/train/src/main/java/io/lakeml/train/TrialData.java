package io.lakeml.train;

import static org.apache.spark.sql.functions.col;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.features.Split;
import io.lakeml.internal.model.Batch;
import io.lakeml.internal.model.ModelTask;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows every trial of a search learns from (or is validated on): the first {@code limit} of a
 * split by row_hash, transformed by the search's one fitted feature pipeline and kept as one sparse
 * block, so that each trial, a single-worker fit in one Spark task, cuts it into its own batch size.
 */
record TrialData(Batch rows) implements Serializable {

  static TrialData of(PipelineModel pipeline, Dataset<Row> split, DatasetConfig dataset, ModelTask task, int limit) {
    Dataset<Row> first = split.orderBy(col(Split.ROW_HASH)).limit(limit);
    Dataset<Row> features = pipeline.transform(first)
        .select(col(FeaturePipeline.FEATURES), LabelEncoding.encoded(task, dataset.label().name()));
    int width = AttributeGroup.fromStructField(features.schema().apply(FeaturePipeline.FEATURES)).size();
    List<Row> rows = features.collectAsList(); // a bounded sample: limit rows of sparse vectors
    List<Batch> one = Batch.cut(rows.iterator(), width, Math.max(1, rows.size()));
    return new TrialData(one.isEmpty() ? new Batch(0, width, new int[] {0}, new int[0], new float[0], new float[0])
        : one.get(0));
  }

  int size() {
    return rows.rows();
  }

  int width() {
    return rows.width();
  }

  /** The rows in mini-batches of {@code size}, in row_hash order. */
  List<Batch> batches(int size) {
    List<Batch> out = new ArrayList<>();
    for (int from = 0; from < rows.rows(); from += size) {
      out.add(slice(from, Math.min(rows.rows(), from + size)));
    }
    return out;
  }

  private Batch slice(int from, int to) {
    int start = rows.rowStart()[from];
    int end = rows.rowStart()[to];
    int[] rowStart = new int[to - from + 1];
    for (int r = from; r <= to; r++) {
      rowStart[r - from] = rows.rowStart()[r] - start;
    }
    return new Batch(to - from, rows.width(), rowStart, Arrays.copyOfRange(rows.indices(), start, end),
        Arrays.copyOfRange(rows.values(), start, end), Arrays.copyOfRange(rows.labels(), from, to));
  }
}
