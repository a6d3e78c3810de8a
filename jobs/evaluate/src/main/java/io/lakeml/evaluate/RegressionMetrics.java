package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.var_pop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Metrics of a regression model on scored rows ({@code score}: the prediction; {@code label}):
 * RMSE, MAE, MSE, R2 (1 - MSE / the label's variance: the skill over predicting the test rows'
 * mean), exact quantiles of the residual (label - prediction), and the means of label and
 * prediction, in one aggregation.
 */
final class RegressionMetrics {
  static final List<Double> QUANTILES = List.of(0.05, 0.25, 0.5, 0.75, 0.95);

  private RegressionMetrics() {}

  static Map<String, Double> of(Dataset<Row> scored) {
    Column y = col("label").cast("double");
    Column residual = y.minus(col("score"));
    Row a = scored.select(y.as("y"), col("score").as("p"), residual.as("r"))
        .agg(count(lit(1)), avg(pow(col("r"), 2)), avg(abs(col("r"))), var_pop(col("y")), avg(col("y")), avg(col("p")),
            expr("percentile(r, array(" + String.join(", ", QUANTILES.stream().map(String::valueOf).toList()) + "))"))
        .first();
    double mse = a.getDouble(1);
    double variance = a.getDouble(3);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rmse", Math.sqrt(mse));
    m.put("mae", a.getDouble(2));
    m.put("mse", mse);
    m.put("r2", variance > 0 ? 1 - mse / variance : Double.NaN);
    List<Object> q = a.getList(6);
    for (int i = 0; i < QUANTILES.size(); i++) {
      m.put(String.format("residual_p%02d", Math.round(QUANTILES.get(i) * 100)), ((Number) q.get(i)).doubleValue());
    }
    m.put("label_mean", a.getDouble(4));
    m.put("prediction_mean", a.getDouble(5));
    m.put("rows", (double) a.getLong(0));
    return m;
  }
}
