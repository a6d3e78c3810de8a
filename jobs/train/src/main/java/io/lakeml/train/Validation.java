package io.lakeml.train;

import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.metrics.MetricCatalog;
import io.lakeml.internal.model.Batch;
import io.lakeml.internal.model.ModelTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Scores held-out batches on the executors and measures the loss training minimises (log loss for
 * classifiers, mean squared error of the standardised label for regression) and the kind's
 * headline metric: ROC AUC (Spark's evaluator), accuracy, or R2. Sums are taken per partition and
 * added on the driver in partition order ({@link #orderedSum}), never by {@code reduce}, whose
 * merge order follows task completion: the validation loss, and so the choice of the best epoch,
 * is the same bit for bit on every run ({@code lakeml reproduce} compares it).
 */
final class Validation {
  private Validation() {}

  /** @param metric the name of {@code value} */
  record Metrics(double loss, String metric, double value, long examples) {}

  static Metrics evaluate(JavaSparkContext sc, JavaRDD<List<Batch>> partitions, String confJson, float[] params,
      ModelTask task) {
    Broadcast<float[]> p = sc.broadcast(params);
    // Per row: the loss term, the figure of merit's input (positive probability, 1 if right, or the
    // prediction), the label.
    JavaRDD<double[]> scored = partitions.flatMap(batches -> {
      MultiLayerNetwork net = io.lakeml.internal.model.Networks.forThread(confJson);
      net.setParams(Nd4j.create(p.value(), new long[] {1, p.value().length}, DataType.FLOAT));
      List<double[]> out = new ArrayList<>();
      for (Batch b : batches) {
        INDArray outputs = net.output(b.features(), false);
        for (int r = 0; r < b.rows(); r++) {
          out.add(row(task, outputs, r, b.labels()[r]));
        }
      }
      return out.iterator();
    }).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      String metric = MetricCatalog.headline(task.kind());
      long examples = scored.count();
      double loss = orderedSum(scored, 0) / examples;
      return new Metrics(loss, metric, headline(task.kind(), scored, examples), examples);
    } finally {
      scored.unpersist();
      p.destroy();
    }
  }

  static double[] row(ModelTask task, INDArray outputs, int r, float label) {
    if (task.kind() == LabelKind.REGRESSION) {
      double y = outputs.getDouble(r, 0);
      return new double[] {(y - label) * (y - label), y, label};
    }
    if (task.kind() == LabelKind.BINARY) {
      double positive = outputs.getDouble(r, 1);
      double prob = Math.min(Math.max(positive, 1e-7), 1 - 1e-7);
      return new double[] {label > 0.5 ? -Math.log(prob) : -Math.log(1 - prob), positive, label};
    }
    int truth = (int) label;
    double prob = Math.min(Math.max(outputs.getDouble(r, truth), 1e-7), 1 - 1e-7);
    int predicted = (int) outputs.getRow(r).argMax().getLong(0);
    return new double[] {-Math.log(prob), predicted == truth ? 1 : 0, label};
  }

  /** The sum of column {@code column} over all rows: per partition, then in partition order. */
  static double orderedSum(JavaRDD<double[]> rows, int column) {
    List<Double> perPartition = rows.mapPartitions(it -> {
      double sum = 0;
      while (it.hasNext()) {
        sum += it.next()[column];
      }
      return List.of(sum).iterator();
    }, true).collect(); // collect keeps partition order
    double total = 0;
    for (double s : perPartition) {
      total += s;
    }
    return total;
  }

  private static double headline(LabelKind kind, JavaRDD<double[]> scored, long examples) {
    return switch (kind) {
      case BINARY -> new BinaryClassificationMetrics(
          scored.map(t -> new Tuple2<Object, Object>(t[1], t[2])).rdd(), 0).areaUnderROC();
      case MULTICLASS -> orderedSum(scored, 1) / examples;
      case REGRESSION -> {
        double mean = orderedSum(scored, 2) / examples;
        double total = orderedSum(scored.map(t -> new double[] {(t[2] - mean) * (t[2] - mean)}), 0);
        double residual = orderedSum(scored, 0);
        yield total == 0 ? Double.NaN : 1 - residual / total;
      }
    };
  }
}
