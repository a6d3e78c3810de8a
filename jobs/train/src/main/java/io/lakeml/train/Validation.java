package io.lakeml.train;

import io.lakeml.model.Batch;

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

/** Scores held-out batches on the executors and measures log loss and ROC AUC (Spark's evaluator). */
final class Validation {
  private Validation() {}

  record Metrics(double logLoss, double auc, long examples) {}

  static Metrics evaluate(JavaSparkContext sc, JavaRDD<List<Batch>> partitions, String confJson, float[] params, int classes) {
    Broadcast<float[]> p = sc.broadcast(params);
    JavaRDD<Tuple2<Object, Object>> scored = partitions.flatMap(batches -> {
      MultiLayerNetwork net = io.lakeml.model.Networks.forThread(confJson);
      net.setParams(Nd4j.create(p.value(), new long[] {1, p.value().length}, DataType.FLOAT));
      List<Tuple2<Object, Object>> out = new ArrayList<>();
      for (Batch b : batches) {
        INDArray probs = net.output(b.features(), false);
        for (int r = 0; r < b.rows(); r++) {
          out.add(new Tuple2<>(probs.getDouble(r, classes - 1), (double) b.labels()[r]));
        }
      }
      return out.iterator();
    }).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double loss = scored.mapToDouble(t -> {
        double prob = Math.min(Math.max((Double) t._1(), 1e-7), 1 - 1e-7);
        return (Double) t._2() > 0.5 ? -Math.log(prob) : -Math.log(1 - prob);
      }).mean();
      double auc = new BinaryClassificationMetrics(scored.rdd(), 0).areaUnderROC();
      return new Metrics(loss, auc, scored.count());
    } finally {
      scored.unpersist();
      p.destroy();
    }
  }
}
