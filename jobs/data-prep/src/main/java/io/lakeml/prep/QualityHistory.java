package io.lakeml.prep;

import static io.lakeml.dataset.SchemaContract.quote;
import static io.lakeml.internal.util.Scala.none;
import static io.lakeml.internal.util.Scala.some;
import static org.apache.spark.sql.functions.col;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.AnalysisResultSerde;
import com.amazon.deequ.repository.memory.InMemoryMetricsRepository;
import io.lakeml.config.PrepConfig;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.util.Scala;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Each committed run's Deequ metrics, kept in the Delta table {@code quality_history} (one row per
 * run, appended: concurrent runs never overwrite each other), and anomaly checks of this run's
 * metrics against its predecessors by event date: the windows of the same length that start
 * before this one (the latest run of each), not the runs that happened to finish before it. A
 * backfill of March is compared with February, while May runs, and May with April. Runs over
 * all dates are compared with the previous runs over all dates. Checked metrics: the row count
 * (relative rate of change) and every column's null rate (absolute change).
 */
final class QualityHistory {
  static final String ANOMALY = "anomaly: ";
  static final StructType SCHEMA = new StructType()
      .add("dataset", DataTypes.StringType, false)
      .add("window_from", DataTypes.DateType)
      .add("window_to", DataTypes.DateType)
      .add("window_days", DataTypes.LongType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("recorded_at", DataTypes.TimestampType, false)
      .add("metrics", DataTypes.StringType, false); // Deequ's own JSON of the run's AnalysisResult

  private final SparkSession spark;
  private final String path;
  private final String dataset;
  private final DateWindow window;
  private final InMemoryMetricsRepository repository = new InMemoryMetricsRepository();
  private final scala.collection.immutable.Map<String, String> tags;
  private final ResultKey key;
  private final boolean hasHistory;

  private QualityHistory(SparkSession spark, String path, String dataset, DateWindow window) {
    this.spark = spark;
    this.path = path;
    this.dataset = dataset;
    this.window = window;
    this.tags = Scala.map(Map.of("dataset", dataset, "window_days", String.valueOf(window.days())));
    this.key = new ResultKey(window.isAll() ? System.currentTimeMillis() : epochMillis(window.from().get()), tags);
    this.hasHistory = loadPredecessors() > 0;
  }

  static QualityHistory open(SparkSession spark, Lakehouse lakehouse, DatasetConfig d, DateWindow w) {
    return new QualityHistory(spark, lakehouse.tablePath(TableNames.QUALITY_HISTORY), d.name(), w);
  }

  /** Puts the predecessors' metrics in the repository the anomaly checks read; returns how many. */
  private int loadPredecessors() {
    if (!DeltaTables.exists(spark, path)) {
      return 0;
    }
    Dataset<Row> same = spark.read().format("delta").load(path)
        .where(col("dataset").equalTo(dataset).and(col("window_days").equalTo(window.days())));
    Dataset<Row> before = window.isAll() ? same.where(col("window_from").isNull())
        : same.where(col("window_from").lt(java.sql.Date.valueOf(window.from().get())));
    List<Row> rows = before.select("window_from", "recorded_at", "metrics").orderBy("window_from", "recorded_at")
        .collectAsList();
    Map<Long, String> latest = new TreeMap<>(); // by the key's date: a rerun of a window replaces its earlier run
    for (Row r : rows) {
      long date = window.isAll() ? r.getTimestamp(1).getTime() : epochMillis(r.getDate(0).toLocalDate());
      latest.put(date, r.getString(2));
    }
    latest.forEach((date, json) -> scala.collection.JavaConverters.seqAsJavaList(AnalysisResultSerde.deserialize(json))
        .forEach(result -> repository.save(new ResultKey(date, tags), result.analyzerContext())));
    return latest.size();
  }

  private static long epochMillis(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  boolean hasHistory() {
    return hasHistory;
  }

  String path() {
    return path;
  }

  /** Where this run's metrics are saved (with {@link #newKey}) and history is read from. */
  MetricsRepository repository() {
    return repository;
  }

  /** The key this run's metrics are saved under: its window's first date (now, over all dates). */
  ResultKey newKey() {
    return key;
  }

  /** Appends this run's metrics to the history: called once its data is committed. */
  void record(String runId) {
    Option<AnalyzerContext> context = repository.loadByKey(key);
    if (context.isEmpty()) {
      return; // nothing was measured
    }
    String json = AnalysisResultSerde.serialize(Scala.seq(List.of(new AnalysisResult(key, context.get()))));
    Row row = RowFactory.create(dataset, window.from().map(java.sql.Date::valueOf).orElse(null),
        window.to().map(java.sql.Date::valueOf).orElse(null), window.days(), runId,
        new java.sql.Timestamp(System.currentTimeMillis()), json);
    spark.createDataFrame(List.of(row), SCHEMA).write().format("delta").mode("append").save(path);
  }

  /**
   * Deequ anomaly checks of this run's row count and null rates against the nearest predecessor
   * of the same window length; none without one (Deequ would only warn "There have to be previous
   * results"; the run's notes say it plainly).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  List<Check> anomalyChecks(DatasetConfig d, PrepConfig prep) {
    if (!hasHistory) {
      return List.of();
    }
    scala.Enumeration.Value level = prep.failOnAnomaly() ? CheckLevel.Error() : CheckLevel.Warning();
    List<Analyzer<?, ?>> analyzers = analyzers(d);
    List<Check> checks = new ArrayList<>();
    checks.add(anomalyCheck(level, "row count changes by a ratio within [" + prep.minRowCountRatio() + ", "
            + prep.maxRowCountRatio() + "] of the previous run",
        new RelativeRateOfChangeStrategy(some((Object) prep.minRowCountRatio()), some((Object) prep.maxRowCountRatio()), 1),
        analyzers.get(0)));
    for (int i = 0; i < d.columns().size(); i++) {
      checks.add(anomalyCheck(level, "null rate of " + d.columns().get(i).name() + " rises by at most "
              + prep.maxNullRateIncrease(),
          new AbsoluteChangeStrategy(some((Object) (-prep.maxNullRateIncrease())), none(), 1), analyzers.get(i + 1)));
    }
    return checks;
  }

  // As Deequ's own VerificationRunBuilder.addAnomalyCheck builds one (its helper is private).
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Check anomalyCheck(scala.Enumeration.Value level, String description, AnomalyDetectionStrategy strategy,
      Analyzer<?, ?> analyzer) {
    return new Check(level, ANOMALY + description, Scala.seq(List.of()))
        .isNewestPointNonAnomalous(repository, strategy, (Analyzer) analyzer, tags, none(), none(), none());
  }

  /** The analyzers the anomaly checks compare with history: the row count, each column's completeness. */
  List<Analyzer<?, ?>> analyzers(DatasetConfig d) {
    List<Analyzer<?, ?>> analyzers = new ArrayList<>();
    analyzers.add(new Size(none()));
    for (ColumnSpec c : d.columns()) {
      analyzers.add(new Completeness(quote(c.name()), none(), none()));
    }
    return analyzers;
  }

  String firstRunNote(String dataset, DateWindow window) {
    return String.format(
        "No quality history yet for %s over windows of %s before %s: anomaly checks start with the next "
            + "window (metrics of this run are saved in %s).",
        dataset, window.isAll() ? "all dates" : window.days() + " day(s)", window, path);
  }
}
