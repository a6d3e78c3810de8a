package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The metrics of scored test rows ({@code score}, {@code label}), by the model's kind; binary here:
 * ROC and PR AUC from Spark's {@link BinaryClassificationMetrics}; log loss, its skill over
 * predicting the test rows' positive share, Brier score, and accuracy, precision, recall, F1 and
 * the predicted positive share at the threshold in one aggregation; expected calibration error
 * over 10 bins. {@link MulticlassMetrics} and {@link RegressionMetrics} measure the other kinds.
 */
final class Metrics {
  static final int CALIBRATION_BINS = 10;

  private Metrics() {}

  /** Every metric of the catalog for the model's kind, and the per-class detail of a classifier. */
  static Measured of(Dataset<Row> scored, io.lakeml.internal.model.ModelTask task, double threshold) {
    return switch (task.kind()) {
      case BINARY -> Measured.of(of(scored, threshold));
      case MULTICLASS -> MulticlassMetrics.of(scored, task.classes());
      case REGRESSION -> Measured.of(RegressionMetrics.of(scored));
    };
  }

  static Map<String, Double> of(Dataset<Row> scored, double threshold) {
    Column p = least(lit(1 - 1e-7), org.apache.spark.sql.functions.greatest(lit(1e-7), col("score")));
    Column y = col("label").cast("double");
    Column predicted = when(col("score").geq(threshold), 1.0).otherwise(0.0);
    Row a = scored.agg(count(lit(1)), sum(y),
        avg(y.multiply(log(p)).plus(lit(1).minus(y).multiply(log(lit(1).minus(p)))).multiply(-1)),
        avg(pow(col("score").minus(y), 2)),
        sum(predicted.multiply(y)), sum(predicted.multiply(lit(1).minus(y))),
        sum(lit(1).minus(predicted).multiply(y))).first();
    double n = a.getLong(0);
    double tp = a.getDouble(4);
    double fp = a.getDouble(5);
    double fn = a.getDouble(6);
    double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
    Map<String, Double> m = new LinkedHashMap<>();
    BinaryClassificationMetrics curve = curve(scored);
    m.put("auc", curve.areaUnderROC());
    m.put("pr_auc", curve.areaUnderPR());
    m.put("log_loss", a.getDouble(2));
    m.put("brier", a.getDouble(3));
    m.put("accuracy", (n - fp - fn) / n);
    m.put("precision", precision);
    m.put("recall", recall);
    m.put("f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    m.put("ece", calibrationError(scored, n));
    double positives = a.getDouble(1) / n;
    m.put("log_loss_skill", LogLoss.skill(a.getDouble(2), new double[] {positives, 1 - positives}));
    m.put("threshold", threshold);
    m.put("predicted_positive_rate", (tp + fp) / n);
    m.put("rows", n);
    m.put("positive_rate", positives);
    return m;
  }

  static BinaryClassificationMetrics curve(Dataset<Row> scored) {
    return new BinaryClassificationMetrics(scored.select("score", "label").javaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), ((Number) r.get(1)).doubleValue())).rdd(), 0);
  }

  private static double calibrationError(Dataset<Row> scored, double n) {
    Column bin = least(floor(col("score").multiply(CALIBRATION_BINS)), lit(CALIBRATION_BINS - 1));
    Row r = scored.groupBy(bin.as("bin"))
        .agg(count(lit(1)).as("n"), avg("score").as("confidence"), avg(col("label").cast("double")).as("accuracy"))
        .agg(sum(col("n").multiply(abs(col("confidence").minus(col("accuracy")))))).first();
    return r.isNullAt(0) ? Double.NaN : r.getDouble(0) / n;
  }
}
