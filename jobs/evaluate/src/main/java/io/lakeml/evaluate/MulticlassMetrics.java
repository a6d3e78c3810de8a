package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Metrics of a multiclass model on scored rows ({@code score}: the class probabilities in the
 * model's class order; {@code label}: the class): accuracy, log loss and its skill over predicting
 * the test rows' class shares, one-vs-rest ROC AUC of each class (Spark's
 * {@link BinaryClassificationMetrics}) averaged plainly and by support, precision, recall and F1
 * of each class and their macro and weighted averages, and the confusion matrix. A test class the
 * model does not know counts as a wrong prediction with probability 0 (clipped as in log loss).
 */
final class MulticlassMetrics {
  private static final double EPSILON = 1e-7;

  private MulticlassMetrics() {}

  static Measured of(Dataset<Row> scored, List<String> classes) {
    Column known = array(classes.stream().map(c -> lit(c)).toArray(Column[]::new));
    Column truth = array_position(known, col("label")).minus(1);
    Column predicted = array_position(col("score"), array_max(col("score"))).minus(1);
    Column pTruth = when(truth.geq(0), element_at(col("score"), truth.plus(1).cast("int"))).otherwise(0.0);
    Dataset<Row> rows = scored.select(col("label").cast("string").as("label"), col("score"),
        truth.as("truth"), predicted.as("predicted"), pTruth.as("p_truth")).cache();
    try {
      Row a = rows.agg(count(lit(1)), avg(log(least(lit(1 - EPSILON), greatest(lit(EPSILON), col("p_truth")))).multiply(-1)),
          avg(when(col("truth").equalTo(col("predicted")), 1.0).otherwise(0.0))).first();
      double n = a.getLong(0);
      Map<String, Map<String, Long>> confusion = confusion(rows, classes);
      Map<String, Map<String, Double>> perClass = perClass(rows, classes, confusion, n);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("accuracy", a.getDouble(2));
      m.put("log_loss", a.getDouble(1));
      m.put("log_loss_skill", LogLoss.skill(a.getDouble(1), shares(confusion, n)));
      m.put("macro_auc", average(perClass, "auc", false));
      m.put("weighted_auc", average(perClass, "auc", true));
      for (String metric : List.of("precision", "recall", "f1")) {
        m.put("macro_" + metric, average(perClass, metric, false));
        m.put("weighted_" + metric, average(perClass, metric, true));
      }
      m.put("classes", (double) classes.size());
      m.put("predicted_classes", (double) confusion.values().stream().flatMap(r -> r.entrySet().stream())
          .filter(e -> e.getValue() > 0).map(Map.Entry::getKey).distinct().count());
      m.put("rows", n);
      return new Measured(m, perClass, confusion);
    } finally {
      rows.unpersist();
    }
  }

  /** Actual class -> predicted class -> rows, over the model's classes and any unknown test class. */
  private static Map<String, Map<String, Long>> confusion(Dataset<Row> rows, List<String> classes) {
    Map<String, Map<String, Long>> matrix = new LinkedHashMap<>();
    for (Row r : rows.groupBy("label", "predicted").count().orderBy("label", "predicted").collectAsList()) {
      String actual = r.isNullAt(0) ? "null" : r.getString(0);
      String predicted = classes.get(((Number) r.get(1)).intValue());
      matrix.computeIfAbsent(actual, k -> new LinkedHashMap<>()).put(predicted, r.getLong(2));
    }
    return matrix;
  }

  private static Map<String, Map<String, Double>> perClass(Dataset<Row> rows, List<String> classes,
      Map<String, Map<String, Long>> confusion, double n) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (int k = 0; k < classes.size(); k++) {
      String c = classes.get(k);
      long support = confusion.getOrDefault(c, Map.of()).values().stream().mapToLong(Long::longValue).sum();
      long tp = confusion.getOrDefault(c, Map.of()).getOrDefault(c, 0L);
      long predicted = 0;
      for (Map<String, Long> row : confusion.values()) {
        predicted += row.getOrDefault(c, 0L);
      }
      double precision = predicted == 0 ? 0 : tp / (double) predicted;
      double recall = support == 0 ? Double.NaN : tp / (double) support;
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("support", (double) support);
      m.put("precision", precision);
      m.put("recall", recall);
      m.put("f1", precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0);
      m.put("auc", support == 0 || support == n ? Double.NaN : oneVsRestAuc(rows, k));
      out.put(c, m);
    }
    return out;
  }

  private static double oneVsRestAuc(Dataset<Row> rows, int k) {
    int index = k;
    return new BinaryClassificationMetrics(rows.select(element_at(col("score"), index + 1), col("truth")).javaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), ((Number) r.get(1)).intValue() == index ? 1.0 : 0.0)).rdd(), 0)
        .areaUnderROC();
  }

  /** The mean of a per-class metric over the classes present in the test rows, plain or weighted by support. */
  private static double average(Map<String, Map<String, Double>> perClass, String metric, boolean bySupport) {
    double sum = 0;
    double weights = 0;
    for (Map<String, Double> m : perClass.values()) {
      double v = m.get(metric);
      double support = m.get("support");
      if (support > 0 && !Double.isNaN(v)) {
        double w = bySupport ? support : 1;
        sum += w * v;
        weights += w;
      }
    }
    return weights == 0 ? Double.NaN : sum / weights;
  }

  private static double[] shares(Map<String, Map<String, Long>> confusion, double n) {
    return confusion.values().stream().mapToDouble(r -> r.values().stream().mapToLong(Long::longValue).sum() / n).toArray();
  }
}
