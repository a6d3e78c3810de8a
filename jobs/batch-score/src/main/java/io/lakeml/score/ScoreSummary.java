package io.lakeml.score;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeml.dataset.SchemaContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The counts and summaries of a scoring write. Rows read and accepted are observed during the
 * write itself (two sums on the one scan: no extra pass over the input). The score summaries per
 * variant are computed afterwards from the data files the write added, a narrow read of four
 * columns: cheaper than a dozen aggregates evaluated row by row inside the write, and a summary of
 * exactly the rows readers see.
 */
final class ScoreSummary {
  private ScoreSummary() {}

  /** The rows to write: accepted ones only, their counts observed into {@code observation}. */
  static Dataset<Row> accepted(Dataset<Row> scored, Observation observation) {
    Column accepted = col(SchemaContract.FIRST_VIOLATION).isNull();
    return scored.observe(observation, count(lit(1)).as("read"), sum(when(accepted, 1).otherwise(0)).as("rows"))
        .where(accepted).drop(SchemaContract.FIRST_VIOLATION);
  }

  /**
   * Score summaries of the rows in {@code files}, the data files one write added: read as plain
   * Parquet, with no Delta snapshot to rebuild for the version that just landed (which took longer
   * per date than the scoring write itself).
   */
  static Map<String, Double> ofFiles(SparkSession spark, List<String> files) {
    if (files.isEmpty()) {
      return Map.of(); // nothing written
    }
    return summarize(spark.read().parquet(files.toArray(String[]::new)));
  }

  private static Map<String, Double> summarize(Dataset<Row> rows) {
    List<Column> aggregates = aggregates();
    Row r = rows.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
    Map<String, Double> m = new LinkedHashMap<>();
    for (String name : r.schema().fieldNames()) {
      Object v = r.getAs(name);
      if (v != null) {
        m.put(name, ((Number) v).doubleValue());
      } else if (name.endsWith(".rows") || name.equals("errors")) {
        m.put(name, 0.0);
      }
    }
    return m;
  }

  private static List<Column> aggregates() {
    List<Column> m = new ArrayList<>();
    Column score = col("score");
    m.add(sum(when(score.isNull().or(score.isNaN()).or(score.lt(0)).or(score.gt(1)), 1).otherwise(0)).as("errors"));
    for (String variant : List.of(ServingPlan.CHAMPION, ServingPlan.CHALLENGER)) {
      Column served = col(ScoredRows.VARIANT).equalTo(variant);
      m.add(sum(when(served, 1).otherwise(0)).as(variant + ".rows"));
      m.add(avg(when(served, score)).as(variant + ".score_mean"));
      m.add(stddev_pop(when(served, score)).as(variant + ".score_stddev"));
      m.add(min(when(served, score)).as(variant + ".score_min"));
      m.add(max(when(served, score)).as(variant + ".score_max"));
      m.add(avg(when(served, col("predicted_label"))).as(variant + ".positive_share"));
      m.add(avg(when(served, col("other_score"))).as(variant + ".other_score_mean"));
    }
    return m;
  }
}
