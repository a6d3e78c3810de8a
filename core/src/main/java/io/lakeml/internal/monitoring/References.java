package io.lakeml.internal.monitoring;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table {@code reference_distributions}: what a version's served value looked like on
 * its test split when it was evaluated, so monitoring can tell when today's outputs differ. The
 * served value is what the scored table's {@code score} holds (a binary model's positive
 * probability, a multiclass model's top probability) or a regression's {@code prediction}. Stored
 * by evaluate, read by monitor: one definition for both.
 */
public final class References {
  /** Quantile bins of the served value: deciles, the usual binning of a score PSI. */
  public static final int BINS = 10;
  static final StructType SCHEMA = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("version", DataTypes.LongType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("position", DataTypes.DoubleType, false)
      .add("metric", DataTypes.StringType)
      .add("value", DataTypes.DoubleType, false)
      .add("at", DataTypes.TimestampType, false);

  private References() {}

  /**
   * Stores (replacing) the reference of {@code name} {@code version} from {@code served}: its
   * evaluation rows with the served value in {@code value} and the label in {@code label} (0/1 for
   * a binary model, which also gets an isotonic calibration of its scores: what a score of p meant
   * on the test split), with its test metrics ({@code tested}, kept as {@code test_<metric>}).
   */
  public static Reference store(SparkSession spark, Lakehouse lakehouse, String name, long version, String runId,
      Dataset<Row> served, LabelKind kind, double threshold, Map<String, Double> tested) {
    double[] probabilities = new double[BINS + 1];
    for (int i = 0; i <= BINS; i++) {
      probabilities[i] = (double) i / BINS;
    }
    double[] quantiles = served.stat().approxQuantile("value", probabilities, 1e-4);
    Map<String, Double> metrics = new LinkedHashMap<>();
    double[][] calibration = {new double[0], new double[0]};
    if (kind == LabelKind.BINARY) {
      Row a = served.agg(count(lit(1)), avg(when(col("value").geq(threshold), 1.0).otherwise(0.0)),
          avg(greatest(col("value"), lit(1.0).minus(col("value")))), avg(col("label").cast("double"))).first();
      metrics.put("rows", (double) a.getLong(0));
      metrics.put("positive_rate", a.getDouble(1));
      metrics.put("mean_confidence", a.getDouble(2));
      metrics.put("label_rate", a.getDouble(3));
      IsotonicRegressionModel iso = new IsotonicRegression().setFeaturesCol("value").setLabelCol("y")
          .fit(served.select(col("value"), col("label").cast("double").as("y")));
      calibration = new double[][] {iso.boundaries().toArray(), iso.predictions().toArray()};
      if (java.util.List.of(served.columns()).contains("event_date")) {
        metrics.putAll(daily(served, new Reference(name, version, new double[0], calibration[0], calibration[1], Map.of())));
      }
    } else {
      Row a = served.agg(count(lit(1)), avg(col("value"))).first();
      metrics.put("rows", (double) a.getLong(0));
      metrics.put(kind == LabelKind.MULTICLASS ? "mean_confidence" : "mean_prediction", a.getDouble(1));
    }
    for (String m : List.of("auc", "log_loss", "brier", "accuracy", "rmse", "mae")) {
      if (tested.containsKey(m) && Double.isFinite(tested.get(m))) {
        metrics.put("test_" + m, tested.get(m));
      }
    }
    Reference reference = new Reference(name, version, quantiles, calibration[0], calibration[1], metrics);
    write(spark, lakehouse, reference, runId);
    return reference;
  }

  /**
   * The mean over the test split's days (weighted by rows) of the AUC within each day, realized and
   * as the calibrated scores expect it (what monitoring's estimate would have said on those days).
   */
  private static Map<String, Double> daily(Dataset<Row> served, Reference calibration) {
    List<Row> cells = served.groupBy(col("event_date"), org.apache.spark.sql.functions.floor(
            col("value").multiply(BinnedAuc.BINS)).cast("int").as("bin"))
        .agg(count(lit(1)), org.apache.spark.sql.functions.sum(col("label").cast("double")),
            org.apache.spark.sql.functions.sum(col("value")))
        .collectAsList();
    Map<Object, double[][]> days = new LinkedHashMap<>();
    for (Row c : cells) {
      double[][] d = days.computeIfAbsent(c.get(0), k -> new double[4][BinnedAuc.BINS]);
      int bin = Math.max(0, Math.min(BinnedAuc.BINS - 1, c.getInt(1)));
      double n = c.getLong(2);
      double expected = n * calibration.calibrate(c.getDouble(4) / n);
      d[0][bin] += c.getDouble(3);
      d[1][bin] += n - c.getDouble(3);
      d[2][bin] += expected;
      d[3][bin] += n - expected;
    }
    double realized = 0;
    double estimated = 0;
    double rows = 0;
    for (double[][] d : days.values()) {
      double auc = BinnedAuc.of(d[0], d[1]);
      double expected = BinnedAuc.of(d[2], d[3]);
      if (Double.isNaN(auc) || Double.isNaN(expected)) {
        continue;
      }
      double n = java.util.Arrays.stream(d[0]).sum() + java.util.Arrays.stream(d[1]).sum();
      realized += auc * n;
      estimated += expected * n;
      rows += n;
    }
    return rows == 0 ? Map.of() : Map.of("test_daily_auc", realized / rows, "test_daily_estimated_auc", estimated / rows);
  }

  private static void write(SparkSession spark, Lakehouse lakehouse, Reference r, String runId) {
    Timestamp at = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < r.quantiles().length; i++) {
      rows.add(RowFactory.create(r.name(), r.version(), runId, "quantile", (double) i / BINS, null, r.quantiles()[i], at));
    }
    for (int i = 0; i < r.calibrationBoundaries().length; i++) {
      rows.add(RowFactory.create(r.name(), r.version(), runId, "calibration", r.calibrationBoundaries()[i], null,
          r.calibrated()[i], at));
    }
    r.metrics().forEach((m, v) -> rows.add(RowFactory.create(r.name(), r.version(), runId, "metric", 0.0, m, v, at)));
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("overwrite")
        .option("replaceWhere", String.format("name = '%s' AND version = %d", r.name().replace("'", "''"), r.version()))
        .save(lakehouse.tablePath(TableNames.REFERENCES));
  }

  /** The stored reference of a version; empty when it was evaluated before references were kept. */
  public static Optional<Reference> read(SparkSession spark, Lakehouse lakehouse, String name, long version) {
    String path = lakehouse.tablePath(TableNames.REFERENCES);
    if (!DeltaTables.exists(spark, path)) {
      return Optional.empty();
    }
    List<Row> rows = spark.read().format("delta").load(path)
        .where(col("name").equalTo(name).and(col("version").equalTo(version)))
        .orderBy("kind", "position").collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<Double> quantiles = new ArrayList<>();
    List<Double> boundaries = new ArrayList<>();
    List<Double> calibrated = new ArrayList<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Row row : rows) {
      double position = row.getAs("position");
      double value = row.getAs("value");
      switch ((String) row.getAs("kind")) {
        case "quantile" -> quantiles.add(value);
        case "calibration" -> {
          boundaries.add(position);
          calibrated.add(value);
        }
        default -> metrics.put(row.getAs("metric"), value);
      }
    }
    return Optional.of(new Reference(name, version, unbox(quantiles), unbox(boundaries), unbox(calibrated), metrics));
  }

  private static double[] unbox(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
