package io.lakeml.score;

import static org.apache.spark.sql.functions.abs;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The counts and summaries of a scoring write through Delta's writer ({@code lakeml.score.writer =
 * delta}; lakeml's own writer gathers both itself, {@link RunningSummary}). Rows read and accepted
 * are observed during the write itself (two sums on the one scan: no extra pass over the input). The score summaries per
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
   * Score summaries of the rows a write staged, read from its data files as plain Parquet (by their
   * physical column names), before anything is committed: no Delta state to rebuild for a version,
   * which took longer per date than the scoring write itself. Empty when the files are too many for
   * Spark to list in the driver (listing hundreds of paths is a Spark job of its own: 1.0 s against
   * 0.4 s for 183): {@link #ofVersion} then reads them through the committed version.
   */
  static Optional<Map<String, Double>> ofStaged(SparkSession spark, io.lakeml.internal.lakehouse.StagedWrite staged) {
    List<String> files = staged.files();
    if (files.isEmpty()) {
      return Optional.of(Map.of()); // nothing to commit
    }
    int listedInDriver = Integer.parseInt(spark.conf().get("spark.sql.sources.parallelPartitionDiscovery.threshold", "32"));
    if (files.size() > listedInDriver) {
      return Optional.empty();
    }
    Map<String, String> physical = staged.physicalNames();
    Dataset<Row> read = spark.read().parquet(files.toArray(String[]::new));
    Dataset<Row> rows = read.select(SUMMARIZED.stream().filter(physical::containsKey)
        .map(c -> col(SchemaContract.quote(physical.get(c))).as(c)).toArray(Column[]::new));
    return Optional.of(summarize(rows));
  }

  /** Score summaries of the rows of {@code date} (null: all dates) in {@code version} of the table at {@code path}. */
  static Map<String, Double> ofVersion(SparkSession spark, String path, long version, LocalDate date) {
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(path);
    // The write replaced this date (or, with none, the whole table): its rows in that version are the written ones.
    return summarize(date == null ? rows : rows.where(col(ScoredRows.SCORE_DATE).equalTo(lit(java.sql.Date.valueOf(date)))));
  }

  /** The columns the summaries read. */
  private static final List<String> SUMMARIZED = List.of("score", ScoredRows.VARIANT, "predicted_label", "other_score",
      "prediction", "other_prediction");

  private static Map<String, Double> summarize(Dataset<Row> rows) {
    List<Column> aggregates = aggregates(new java.util.HashSet<>(List.of(rows.columns())));
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

  /**
   * Per variant: rows, and the mean, deviation, minimum and maximum of the served output (a
   * probability, or a regression's prediction), a binary model's positive share and the other
   * model's mean output; errors: outputs that are not probabilities (or not finite numbers).
   */
  private static List<Column> aggregates(java.util.Set<String> columns) {
    List<Column> m = new ArrayList<>();
    boolean regression = columns.contains("prediction");
    Column score = col(regression ? "prediction" : "score");
    Column other = col(regression ? "other_prediction" : "other_score");
    Column invalid = score.isNull().or(score.isNaN());
    invalid = regression ? invalid.or(abs(score).equalTo(Double.POSITIVE_INFINITY)) : invalid.or(score.lt(0)).or(score.gt(1));
    m.add(sum(when(invalid, 1).otherwise(0)).as("errors"));
    for (String variant : List.of(ServingPlan.CHAMPION, ServingPlan.CHALLENGER)) {
      Column served = col(ScoredRows.VARIANT).equalTo(variant);
      m.add(sum(when(served, 1).otherwise(0)).as(variant + ".rows"));
      m.add(avg(when(served, score)).as(variant + ".score_mean"));
      m.add(stddev_pop(when(served, score)).as(variant + ".score_stddev"));
      m.add(min(when(served, score)).as(variant + ".score_min"));
      m.add(max(when(served, score)).as(variant + ".score_max"));
      if (columns.contains("predicted_label")) {
        m.add(avg(when(served, col("predicted_label"))).as(variant + ".positive_share"));
      }
      m.add(avg(when(served, other)).as(variant + ".other_score_mean"));
    }
    return m;
  }
}
