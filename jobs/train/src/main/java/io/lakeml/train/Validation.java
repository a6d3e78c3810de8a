package io.lakeml.train;

import io.lakeml.dataset.LabelKind;
import io.lakeml.metrics.MetricCatalog;
import io.lakeml.model.Batch;
import io.lakeml.model.ModelTask;
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
 * headline metric: ROC AUC (Spark's evaluator), accuracy, or R2.
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
      MultiLayerNetwork net = io.lakeml.model.Networks.forThread(confJson);
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
      double loss = scored.mapToDouble(t -> t[0]).mean();
      return new Metrics(loss, metric, headline(task.kind(), scored), scored.count());
    } finally {
      scored.unpersist();
      p.destroy();
    }
  }

  private static double[] row(ModelTask task, INDArray outputs, int r, float label) {
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

  private static double headline(LabelKind kind, JavaRDD<double[]> scored) {
    return switch (kind) {
      case BINARY -> new BinaryClassificationMetrics(
          scored.map(t -> new Tuple2<Object, Object>(t[1], t[2])).rdd(), 0).areaUnderROC();
      case MULTICLASS -> scored.mapToDouble(t -> t[1]).mean();
      case REGRESSION -> {
        double mean = scored.mapToDouble(t -> t[2]).mean();
        double total = scored.mapToDouble(t -> (t[2] - mean) * (t[2] - mean)).sum();
        double residual = scored.mapToDouble(t -> t[0]).sum();
        yield total == 0 ? Double.NaN : 1 - residual / total;
      }
    };
  }
}
