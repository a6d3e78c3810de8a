package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.col;

import io.lakeml.config.EvaluateConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Metrics per value of the slice column, for its most frequent values. */
final class Slices {
  private Slices() {}

  static Map<String, Map<String, Double>> of(Dataset<Row> scored, EvaluateConfig c) {
    Map<String, Map<String, Double>> slices = new LinkedHashMap<>();
    if (c.sliceColumn().isEmpty() || !java.util.List.of(scored.columns()).contains(c.sliceColumn().get())) {
      return slices;
    }
    String column = c.sliceColumn().get();
    for (Row top : scored.groupBy(col(column)).count().orderBy(col("count").desc(), col(column)).limit(c.sliceTopN()).collectAsList()) {
      Dataset<Row> slice = scored.where(col(column).equalTo(top.get(0)));
      if (slice.select("label").distinct().count() == 2) {
        slices.put(column + "=" + top.get(0), Metrics.of(slice, c.threshold()));
      }
    }
    return slices;
  }
}
