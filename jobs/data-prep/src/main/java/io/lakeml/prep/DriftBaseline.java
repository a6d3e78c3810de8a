package io.lakeml.prep;

import io.lakeml.config.PrepConfig;
import io.lakeml.dataset.DatasetConfig;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.stat.Frequency;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The drift baseline: a statistics profile of the accepted features (quantiles of numeric ones,
 * shares of the top categories plus "__other__", null rates, row count), stored as rows of
 * {@code baseline_<dataset>} keyed by the prepared table version. The row count is exact; the
 * rest describes a {@link BaselineSample} of the rows written, computed on the driver (the sample
 * is small: a Spark job per statistic cost more than the statistics).
 */
final class DriftBaseline {
  static final String OTHER = "__other__";
  static final String NULL = "__null__";
  static final StructType SCHEMA = new StructType()
      .add("dataset", DataTypes.StringType)
      .add("prepared_version", DataTypes.LongType)
      .add("run_id", DataTypes.StringType)
      .add("feature", DataTypes.StringType)
      .add("kind", DataTypes.StringType)
      .add("stat", DataTypes.StringType)
      .add("bucket", DataTypes.StringType)
      .add("value", DataTypes.DoubleType)
      .add("created_at", DataTypes.TimestampType);

  private final List<Row> rows = new ArrayList<>();
  private final String dataset;
  private final long version;
  private final String runId;
  private final Timestamp now = Timestamp.from(Instant.now());

  private DriftBaseline(String dataset, long version, String runId) {
    this.dataset = dataset;
    this.version = version;
    this.runId = runId;
  }

  /** The profile rows of the {@code rowCount} accepted rows, {@code sample} among them. */
  static List<Row> profile(List<Row> sample, long rowCount, DatasetConfig d, PrepConfig prep, long version,
      String runId) {
    DriftBaseline baseline = new DriftBaseline(d.name(), version, runId);
    baseline.add("*", "dataset", "row_count", "", rowCount);
    for (String f : d.features().all()) {
      List<Object> values = column(sample, f);
      long nulls = values.stream().filter(java.util.Objects::isNull).count();
      baseline.add(f, "feature", "null_rate", "", sample.isEmpty() ? 0 : (double) nulls / sample.size());
    }
    d.features().numeric().forEach(f -> baseline.quantiles(f, column(sample, f), prep.quantileBins()));
    d.features().categorical().forEach(f -> baseline.categories(f, column(sample, f), prep.topCategories()));
    return List.copyOf(baseline.rows);
  }

  /** The profile as rows of {@code baseline_<dataset>}: one small file per run, not one per core. */
  static Dataset<Row> asTable(SparkSession spark, List<Row> profile) {
    return spark.createDataFrame(profile, SCHEMA).coalesce(1);
  }

  private static List<Object> column(List<Row> sample, String feature) {
    List<Object> values = new ArrayList<>(sample.size());
    if (sample.isEmpty()) {
      return values;
    }
    int index = sample.get(0).fieldIndex(feature); // every row of a sample has the same schema
    for (Row r : sample) {
      values.add(r.get(index));
    }
    return values;
  }

  /**
   * The {@code bins + 1} quantiles 0, 1/bins, ..., 1 of the non-null values: each an observed
   * value, the smallest with at least that share of values at or below it (the empirical
   * distribution's inverse). Then what monitoring compares a day with: the bins the distinct
   * inner quantiles bound (a value goes to the first bin whose edge it does not exceed) and the
   * share of values in each, so a feature with few distinct values gets its true shares rather
   * than 1/bins; the percentiles 0, 0.01, ..., 1; the mean and standard deviation.
   */
  private void quantiles(String feature, List<Object> values, int bins) {
    double[] numbers = values.stream().filter(java.util.Objects::nonNull)
        .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
    if (numbers.length == 0) {
      return;
    }
    Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_1);
    percentile.setData(numbers);
    java.util.TreeSet<Double> edges = new java.util.TreeSet<>();
    for (int i = 0; i <= bins; i++) {
      double q = (double) i / bins;
      double value = i == 0 ? numbers[0] : percentile.evaluate(100 * q);
      add(feature, "numeric", "quantile", String.valueOf(q), value);
      if (i > 0 && i < bins) {
        edges.add(value);
      }
    }
    double[] edge = edges.stream().mapToDouble(Double::doubleValue).toArray();
    long[] counts = new long[edge.length + 1];
    for (double x : numbers) {
      counts[binOf(x, edge)]++;
    }
    for (int i = 0; i < edge.length; i++) {
      add(feature, "numeric", "bin_edge", String.valueOf(i), edge[i]);
    }
    for (int i = 0; i < counts.length; i++) {
      add(feature, "numeric", "bin_share", String.valueOf(i), (double) counts[i] / numbers.length);
    }
    for (int p = 0; p <= 100; p++) {
      add(feature, "numeric", "percentile", String.valueOf(p), p == 0 ? numbers[0] : percentile.evaluate(p));
    }
    org.apache.commons.math3.stat.descriptive.moment.StandardDeviation sd =
        new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation(false);
    add(feature, "numeric", "mean", "", new org.apache.commons.math3.stat.descriptive.moment.Mean().evaluate(numbers));
    add(feature, "numeric", "std", "", sd.evaluate(numbers));
  }

  /** The bin of {@code x}: the number of edges below it (edges ascending; a value on an edge is in the lower bin). */
  static int binOf(double x, double[] edges) {
    int i = java.util.Arrays.binarySearch(edges, x);
    return i >= 0 ? i : -i - 1;
  }

  /** Shares of the sample's rows (a null counts as the value "__null__"), the top ones and the rest. */
  private void categories(String feature, List<Object> values, int top) {
    Frequency frequency = new Frequency();
    values.forEach(v -> frequency.addValue(v == null ? NULL : String.valueOf(v)));
    List<String> ranked = new ArrayList<>();
    frequency.valuesIterator().forEachRemaining(v -> ranked.add((String) v));
    ranked.sort(Comparator.comparingLong((String v) -> -frequency.getCount(v)).thenComparing(v -> v));
    double sampled = frequency.getSumFreq();
    long topRows = 0;
    for (String v : ranked.subList(0, Math.min(top, ranked.size()))) {
      add(feature, "categorical", "category_share", v, frequency.getCount(v) / sampled);
      topRows += frequency.getCount(v);
    }
    add(feature, "categorical", "category_share", OTHER, sampled == 0 ? 0 : (sampled - topRows) / sampled);
    add(feature, "categorical", "distinct_values", "", frequency.getUniqueCount());
  }

  private void add(String feature, String kind, String stat, String bucket, double value) {
    rows.add(RowFactory.create(dataset, version, runId, feature, kind, stat, bucket, value, now));
  }
}
