package io.lakeml.prep;

import static io.lakeml.dataset.SchemaContract.quote;
import static io.lakeml.quality.Scala.none;
import static io.lakeml.quality.Scala.some;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.ApproxQuantiles;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.KeyedDoubleMetric;
import com.amazon.deequ.metrics.Metric;
import io.lakeml.config.PrepConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.RowIdentity;
import io.lakeml.quality.Scala;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The drift baseline: a statistics profile of the accepted features (quantiles of numeric ones,
 * shares of the top categories plus "__other__", null rates, row count), stored as rows of
 * {@code baseline_<dataset>} keyed by the prepared table version. Row count and null rates are
 * Deequ analyzers that share the verification pass; quantiles have an analysis of their own.
 */
final class DriftBaseline {
  static final String OTHER = "__other__";
  /** Rank error of the quantiles: 1% of rows, ample for drift bins and far cheaper than 0.1%. */
  static final double QUANTILE_ERROR = 0.01;
  /**
   * Above this many rows the quantiles come from a sample of between half this and this many
   * rows: a sample's rank error (standard deviation 0.5/sqrt(rows)) of at most 0.1%.
   */
  static final long QUANTILE_SAMPLE_ROWS = 500_000;
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

  /**
   * Deequ analyzers for the counting side of the profile (row count, null rates), to run in the
   * verification pass itself. They read {@link #masked} columns: a feature's value on accepted
   * rows, null on rejected ones, so the profile describes exactly the rows written.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<Analyzer<?, Metric<?>>> analyzers(DatasetConfig d) {
    List<Analyzer<?, Metric<?>>> analyzers = new ArrayList<>();
    analyzers.add((Analyzer) new Size(some(QualityChecks.ACCEPTED)));
    for (String f : d.features().all()) {
      analyzers.add((Analyzer) new Completeness(quote(f), some(QualityChecks.ACCEPTED), none()));
    }
    return analyzers;
  }

  /**
   * The quantiles of the numeric features, in a Deequ analysis of their own: a quantile sketch is
   * an object aggregate, and one of those in the verification pass pushes every other aggregate of
   * that pass off Spark's generated code onto the row-by-row interpreter (the pass took twice as
   * long). Above {@link #QUANTILE_SAMPLE_ROWS} rows they are computed on a sample chosen by the
   * rows' content hash (deterministic; equal rows are in or out together): its rank error stays
   * well below the sketch's own {@link #QUANTILE_ERROR}. Returns the metrics to merge with the
   * verification's.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> quantiles(
      Dataset<Row> rows, long rowCount, DatasetConfig d, PrepConfig prep) {
    return quantiles(rows, rowCount, d, prep, QUANTILE_SAMPLE_ROWS);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> quantiles(
      Dataset<Row> rows, long rowCount, DatasetConfig d, PrepConfig prep, long sampleRows) {
    List<Object> quantiles = new ArrayList<>();
    for (int i = 0; i <= prep.quantileBins(); i++) {
      quantiles.add((double) i / prep.quantileBins());
    }
    long every = Math.max(1, (rowCount + sampleRows - 1) / sampleRows);
    Dataset<Row> sample = every == 1 ? rows
        : rows.where(org.apache.spark.sql.functions.pmod(col(quote(RowIdentity.COLUMN)), lit(every)).equalTo(0));
    var runner = com.amazon.deequ.analyzers.runners.AnalysisRunner.onData(sample);
    for (String f : d.features().numeric()) {
      runner = runner.addAnalyzer((Analyzer) new ApproxQuantiles(quote(masked(f)), Scala.seq(quantiles), QUANTILE_ERROR));
    }
    return (scala.collection.immutable.Map) runner.run().metricMap();
  }

  /** The column holding {@code feature} on accepted rows only. */
  static String masked(String feature) {
    return "_accepted_" + feature;
  }

  /** Adds the masked columns the analyzers read (cheap: one CASE per numeric feature). */
  static Dataset<Row> withMaskedFeatures(Dataset<Row> rows, DatasetConfig d) {
    Dataset<Row> out = rows;
    for (String f : d.features().numeric()) {
      out = out.withColumn(masked(f), when(expr(QualityChecks.ACCEPTED), col(quote(f))));
    }
    return out;
  }

  static List<String> maskedColumns(DatasetConfig d) {
    return d.features().numeric().stream().map(DriftBaseline::masked).toList();
  }

  /**
   * The profile rows: numeric statistics from the metrics given (verification and quantiles), and
   * the top categories of every categorical feature from one grouping pass over the accepted rows
   * (one shuffle for all features, where a histogram per feature would take one each).
   */
  static Dataset<Row> profile(scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> metrics,
      Dataset<Row> accepted, DatasetConfig d, PrepConfig prep, long version, String runId) {
    DriftBaseline baseline = new DriftBaseline(d.name(), version, runId);
    double rowCount = baseline.readNumeric(metrics);
    if (!d.features().categorical().isEmpty()) {
      baseline.readCategories(categoryCounts(accepted, d), d, prep.topCategories(), rowCount);
    }
    return accepted.sparkSession().createDataFrame(baseline.rows, SCHEMA);
  }

  private static List<Row> categoryCounts(Dataset<Row> accepted, DatasetConfig d) {
    Column[] pairs = d.features().categorical().stream()
        .map(f -> struct(lit(f).as("feature"), col(quote(f)).cast("string").as("value")))
        .toArray(Column[]::new);
    // Few rows reach the driver: one per (feature, distinct value).
    return accepted.select(explode(array(pairs)).as("p")).groupBy("p.feature", "p.value").count().collectAsList();
  }

  private double readNumeric(scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> metrics) {
    double rowCount = 0;
    for (var e : JavaConverters.mapAsJavaMap(metrics).entrySet()) {
      // The size of the accepted rows: the checks measure the size of all rows read as well.
      if (((Object) e.getKey()) instanceof Size size && size.where().isDefined()
          && e.getValue() instanceof DoubleMetric dm && dm.value().isSuccess()) {
        rowCount = ((Number) dm.value().get()).doubleValue();
      }
    }
    add("*", "dataset", "row_count", "", rowCount);
    for (var e : JavaConverters.mapAsJavaMap(metrics).entrySet()) {
      Metric<?> m = e.getValue();
      if (m instanceof DoubleMetric dm && dm.name().equals("Completeness") && ((Object) e.getKey()) instanceof Completeness c
          && c.where().isDefined() && dm.value().isSuccess()) {
        add(unquote(dm.instance()), "feature", "null_rate", "", 1 - ((Number) dm.value().get()).doubleValue());
      } else if (m instanceof KeyedDoubleMetric km && km.value().isSuccess()) {
        String feature = unquote(km.instance()).substring(masked("").length());
        Map<String, Object> q = JavaConverters.mapAsJavaMap(km.value().get());
        q.entrySet().stream().sorted(Comparator.comparingDouble(x -> Double.parseDouble(x.getKey())))
            .forEach(x -> add(feature, "numeric", "quantile", x.getKey(), ((Number) x.getValue()).doubleValue()));
      }
    }
    return rowCount;
  }

  private void readCategories(List<Row> counts, DatasetConfig d, int top, double rowCount) {
    for (String feature : d.features().categorical()) {
      List<Row> values = new ArrayList<>(counts.stream().filter(r -> r.getString(0).equals(feature)).toList());
      values.sort(Comparator.comparingLong((Row r) -> -r.getLong(2))
          .thenComparing(r -> String.valueOf(r.get(1))));
      long topRows = 0;
      for (Row r : values.subList(0, Math.min(top, values.size()))) {
        String value = r.isNullAt(1) ? "__null__" : r.getString(1);
        add(feature, "categorical", "category_share", value, rowCount == 0 ? 0 : r.getLong(2) / rowCount);
        topRows += r.getLong(2);
      }
      add(feature, "categorical", "category_share", OTHER, rowCount == 0 ? 0 : (rowCount - topRows) / rowCount);
      add(feature, "categorical", "distinct_values", "", values.size());
    }
  }

  private void add(String feature, String kind, String stat, String bucket, double value) {
    rows.add(RowFactory.create(dataset, version, runId, feature, kind, stat, bucket, value, now));
  }

  private static String unquote(String quoted) {
    return quoted.startsWith("`") && quoted.endsWith("`") ? quoted.substring(1, quoted.length() - 1).replace("``", "`") : quoted;
  }
}
