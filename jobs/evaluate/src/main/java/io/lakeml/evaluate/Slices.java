package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.col;

import io.lakeml.config.EvaluateConfig;
import io.lakeml.dataset.LabelKind;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.errors.Errors;
import io.lakeml.internal.model.ModelTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Metrics per value of the slice column, for its most frequent values (a classifier's slices
 * need at least two classes among their rows). A slice column the rows do not have is a USER error.
 */
final class Slices {
  private Slices() {}

  static Map<String, Map<String, Double>> of(Dataset<Row> scored, EvaluateConfig c, ModelTask task, double threshold,
      String dataset) {
    Map<String, Map<String, Double>> slices = new LinkedHashMap<>();
    if (c.sliceColumn().isEmpty()) {
      return slices;
    }
    String column = c.sliceColumn().get();
    if (!List.of(scored.columns()).contains(column)) {
      throw Errors.unknownSliceColumn(column, dataset, List.of(scored.columns()).stream()
          .filter(n -> !n.startsWith("__") && !n.equals("score") && !n.equals("label")).toList());
    }
    for (Row top : scored.groupBy(col(SchemaContract.quote(column))).count()
        .orderBy(col("count").desc(), col(SchemaContract.quote(column))).limit(c.sliceTopN()).collectAsList()) {
      Dataset<Row> slice = scored.where(col(SchemaContract.quote(column)).eqNullSafe(top.get(0)));
      if (task.kind() == LabelKind.REGRESSION || slice.select("label").distinct().limit(2).count() == 2) {
        slices.put(column + "=" + top.get(0), Metrics.of(slice, task, threshold).metrics());
      }
    }
    return slices;
  }
}
