package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeml.dataset.LabelKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * What the served values and, where labels are known, the outcomes of each date and variant looked
 * like, as histograms small enough for the driver: rows per fine bin of the served value (1,000
 * bins of width 0.001 for probabilities), per bin of the version's evaluation-time deciles and per
 * predicted label, with the labelled rows, positives and loss sums in each. Rows that share a
 * {@code row_id} (the same serving values scored twice) got the same score; each label row is
 * matched to it once, so duplicates count once per label row, never squared.
 */
final class OutputHistograms {
  static final int FINE_BINS = 1_000;
  static final double EPSILON = 1e-7;

  /** One cell: a fine bin, a reference bin and a predicted label of one date, variant and version. */
  record Cell(int fine, int reference, int predicted, double rows, double valueSum, double labelled, double positives,
      double logLoss, double brier, double correct, double squaredError, double absoluteError) {}

  /** The cells of one date and variant. */
  record Key(LocalDate date, String variant, String modelName, long modelVersion) {}

  private OutputHistograms() {}

  /** The served value of a scored table of {@code kind}. */
  static Column value(LabelKind kind) {
    return col(kind == LabelKind.REGRESSION ? "prediction" : "score").cast(DataTypes.DoubleType);
  }

  /**
   * The histograms of {@code scored} (rows of the monitored dates), with {@code labels}
   * ({@code score_date}, the join key, {@link InputRows#LABEL}) when known. {@code referenceEdges}:
   * each version's distinct inner evaluation deciles; {@code fineRange}: the served value's range
   * the fine bins cover (a regression's evaluation range).
   */
  static Map<Key, List<Cell>> of(Dataset<Row> scored, LabelKind kind, Optional<Dataset<Row>> labels, String key,
      Map<Long, double[]> referenceEdges, double[] fineRange) {
    Column version = col("model_version");
    Column referenceBin = lit(0);
    for (Map.Entry<Long, double[]> e : referenceEdges.entrySet()) {
      referenceBin = when(version.equalTo(e.getKey()), DayProfiles.binOf(value(kind), e.getValue())).otherwise(referenceBin);
    }
    Column predicted = kind == LabelKind.BINARY ? col("predicted_label") : lit(0);
    Column predictedClass = kind == LabelKind.MULTICLASS ? col("predicted_class") : lit(null).cast(DataTypes.StringType);
    Dataset<Row> served = scored.select(col("score_date"), col(key).as("__key"), col("variant"), col("model_name"),
        version, value(kind).as("__value"), predicted.as("__predicted"), predictedClass.as("__class"),
        referenceBin.as("__ref"));
    Dataset<Row> weighted = labels.isPresent() ? withOutcomes(served, labels.get(), kind) : withoutOutcomes(served);
    double lo = fineRange[0];
    double width = (fineRange[1] - fineRange[0]) / FINE_BINS;
    Column fine = width > 0
        ? least(greatest(floor(col("__value").minus(lo).divide(width)), lit(0)), lit(FINE_BINS - 1)).cast("int")
        : lit(0);
    List<Row> rows = weighted.groupBy(col("score_date"), col("variant"), col("model_name"), col("model_version"),
            fine.as("fine"), col("__ref"), col("__predicted"))
        .agg(sum("m").as("rows"), sum(col("m").multiply(col("__value"))), sum("labelled"), sum("positives"),
            sum("log_loss"), sum("brier"), sum("correct"), sum("sq"), sum("abs"))
        .collectAsList();
    Map<Key, List<Cell>> out = new LinkedHashMap<>();
    for (Row r : rows) {
      Key k = new Key(r.getDate(0).toLocalDate(), r.getString(1), r.getString(2), r.getLong(3));
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(new Cell(r.getInt(4), r.getInt(5),
          r.isNullAt(6) ? 0 : ((Number) r.get(6)).intValue(), d(r, 7), d(r, 8), d(r, 9), d(r, 10), d(r, 11), d(r, 12),
          d(r, 13), d(r, 14), d(r, 15)));
    }
    return out;
  }

  private static double d(Row r, int i) {
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).doubleValue();
  }

  private static Dataset<Row> withoutOutcomes(Dataset<Row> served) {
    return served.withColumn("m", lit(1.0)).withColumn("labelled", lit(0.0)).withColumn("positives", lit(0.0))
        .withColumn("log_loss", lit(0.0)).withColumn("brier", lit(0.0)).withColumn("correct", lit(0.0))
        .withColumn("sq", lit(0.0)).withColumn("abs", lit(0.0));
  }

  /**
   * Each distinct scored key once, weighted by how many rows share it (m), matched with its label
   * rows (n): the outcome sums over the n label rows, scaled by m / n.
   */
  private static Dataset<Row> withOutcomes(Dataset<Row> served, Dataset<Row> labels, LabelKind kind) {
    Dataset<Row> distinct = served.groupBy(col("score_date"), col("__key"))
        .agg(first("variant").as("variant"), first("model_name").as("model_name"),
            first("model_version").as("model_version"), first("__value").as("__value"),
            first("__predicted").as("__predicted"), first("__class").as("__class"), first("__ref").as("__ref"),
            count(lit(1)).cast("double").as("m"));
    Dataset<Row> labelled = labels.where(col(InputRows.LABEL).isNotNull())
        .select(col("score_date"), col("__key"), col(InputRows.LABEL));
    Column p = least(lit(1 - EPSILON), greatest(lit(EPSILON), col("__value")));
    Column y = kind == LabelKind.MULTICLASS ? lit(0.0) : col(InputRows.LABEL).cast(DataTypes.DoubleType);
    Column correct = switch (kind) {
      case BINARY -> when(col("__predicted").equalTo(col(InputRows.LABEL)), 1.0).otherwise(0.0);
      case MULTICLASS -> when(col("__class").equalTo(col(InputRows.LABEL).cast("string")), 1.0).otherwise(0.0);
      case REGRESSION -> lit(0.0);
    };
    boolean binary = kind == LabelKind.BINARY;
    Dataset<Row> joined = distinct.join(labelled, new String[] {"score_date", "__key"}, "left")
        .withColumn("__has", when(col(InputRows.LABEL).isNotNull(), 1.0).otherwise(0.0))
        .withColumn("__pos", binary ? when(col(InputRows.LABEL).isNotNull(), y).otherwise(0.0) : lit(0.0))
        .withColumn("__ll", binary ? when(col(InputRows.LABEL).isNotNull(),
            y.multiply(log(p)).plus(lit(1.0).minus(y).multiply(log(lit(1.0).minus(p)))).multiply(-1)).otherwise(0.0)
            : lit(0.0))
        .withColumn("__brier", binary ? when(col(InputRows.LABEL).isNotNull(), pow(col("__value").minus(y), 2))
            .otherwise(0.0) : lit(0.0))
        .withColumn("__correct", when(col(InputRows.LABEL).isNotNull(), correct).otherwise(0.0))
        .withColumn("__sq", kind == LabelKind.REGRESSION ? when(col(InputRows.LABEL).isNotNull(),
            pow(col("__value").minus(y), 2)).otherwise(0.0) : lit(0.0))
        .withColumn("__abs", kind == LabelKind.REGRESSION ? when(col(InputRows.LABEL).isNotNull(),
            org.apache.spark.sql.functions.abs(col("__value").minus(y))).otherwise(0.0) : lit(0.0));
    Dataset<Row> perKey = joined.groupBy("score_date", "__key", "variant", "model_name", "model_version", "__value",
            "__predicted", "__class", "__ref", "m")
        .agg(sum("__has").as("n"), sum("__pos").as("pos"), sum("__ll").as("ll"), sum("__brier").as("br"),
            sum("__correct").as("cor"), sum("__sq").as("sq_"), sum("__abs").as("abs_"));
    Column scale = when(col("n").gt(0), col("m").divide(col("n"))).otherwise(0.0);
    return perKey.withColumn("labelled", when(col("n").gt(0), col("m")).otherwise(0.0))
        .withColumn("positives", col("pos").multiply(scale)).withColumn("log_loss", col("ll").multiply(scale))
        .withColumn("brier", col("br").multiply(scale)).withColumn("correct", col("cor").multiply(scale))
        .withColumn("sq", col("sq_").multiply(scale)).withColumn("abs", col("abs_").multiply(scale));
  }
}
