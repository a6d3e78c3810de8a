package io.lakeml.train;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_pop;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.model.ModelTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The task a training run fits ({@link ModelTask}) and the label as the network sees it: a class
 * index (binary 0/1; multiclass the position in the sorted classes of the training window) or
 * the label standardised by the train split's mean and deviation (regression).
 */
final class LabelEncoding {
  /** More classes than this is not a classification a network of this kind should learn. */
  static final int MAX_CLASSES = 200;

  private LabelEncoding() {}

  /**
   * The task of {@code window} (every row of the training window) whose train split is
   * {@code train}; a DATA error naming the label when it cannot be learned (too many classes, a
   * constant label).
   */
  static ModelTask fit(Dataset<Row> window, Dataset<Row> train, DatasetConfig d) {
    String label = d.label().name();
    return switch (d.label().kind()) {
      case BINARY -> ModelTask.binary();
      case MULTICLASS -> multiclass(window, label);
      case REGRESSION -> regression(train, label);
    };
  }

  private static ModelTask multiclass(Dataset<Row> window, String label) {
    List<Row> distinct = window.select(col(quote(label))).distinct().limit(MAX_CLASSES + 1).collectAsList();
    if (distinct.size() > MAX_CLASSES) {
      throw Errors.tooManyClasses(label, MAX_CLASSES);
    }
    List<String> classes = new ArrayList<>();
    distinct.forEach(r -> classes.add(r.getString(0)));
    classes.sort(String::compareTo);
    return ModelTask.multiclass(classes);
  }

  private static ModelTask regression(Dataset<Row> train, String label) {
    Row r = train.agg(avg(col(quote(label))), stddev_pop(col(quote(label)))).first();
    double mean = r.isNullAt(0) ? 0 : r.getDouble(0);
    double scale = r.isNullAt(1) ? 0 : r.getDouble(1);
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw Errors.constantLabel(label, mean);
    }
    return ModelTask.regression(mean, scale);
  }

  /** The label column as the network's target: a class index, or the standardised value. */
  static Column encoded(ModelTask task, String label) {
    Column y = col(quote(label));
    return switch (task.kind()) {
      case BINARY -> y.cast("double");
      case MULTICLASS -> array_position(array(task.classes().stream().map(c -> lit(c)).toArray(Column[]::new)), y)
          .minus(1).cast("double");
      case REGRESSION -> y.minus(task.labelMean()).divide(task.labelScale());
    };
  }

  private static String quote(String name) {
    return io.lakeml.dataset.SchemaContract.quote(name);
  }
}
