package io.lakeml.prep;

import static io.lakeml.dataset.SchemaContract.quote;
import static io.lakeml.util.Scala.none;
import static io.lakeml.util.Scala.some;

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
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import io.lakeml.config.PrepConfig;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.util.Scala;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Each run's Deequ metrics, kept in a metrics repository under the lakehouse root, and anomaly
 * checks of this run's metrics against the previous runs over windows of the same length: the
 * row count (relative rate of change) and every column's null rate (absolute change).
 */
final class QualityHistory {
  static final String ANOMALY = "anomaly: ";

  private final FileSystemMetricsRepository repository;
  private final scala.collection.immutable.Map<String, String> tags;
  private final boolean hasHistory;
  private final String path;

  private QualityHistory(SparkSession spark, String path, Map<String, String> tags) {
    this.path = path;
    this.repository = new FileSystemMetricsRepository(spark, path);
    this.tags = Scala.map(tags);
    this.hasHistory = !repository.load().withTagValues(this.tags).get().isEmpty();
  }

  static QualityHistory open(SparkSession spark, Lakehouse lakehouse, DatasetConfig d, DateWindow w) {
    String path = lakehouse.metricsRoot() + "/" + d.name() + ".json";
    return new QualityHistory(spark, path, Map.of("dataset", d.name(), "window_days", String.valueOf(w.days())));
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

  /** The key this run's metrics are saved under: now, with the dataset's and window's tags. */
  ResultKey newKey() {
    return new ResultKey(System.currentTimeMillis(), tags);
  }

  /**
   * Deequ anomaly checks of this run's row count and null rates against the previous run of the
   * same window length; none on a first run (Deequ would only warn "There have to be previous
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
        "No quality history yet for %s over windows of %s: anomaly checks start with the next run "
            + "(metrics of this run are saved in %s).",
        dataset, window.isAll() ? "all dates" : window.days() + " day(s)", path);
  }
}
