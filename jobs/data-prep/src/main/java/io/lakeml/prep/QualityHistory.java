package io.lakeml.prep;

import static io.lakeml.dataset.SchemaContract.quote;
import static io.lakeml.quality.Scala.none;
import static io.lakeml.quality.Scala.some;

import com.amazon.deequ.AnomalyCheckConfig;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationRunBuilderWithRepository;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import io.lakeml.config.PrepConfig;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.quality.Scala;
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

  /** Saves this run's metrics and, when there is history to compare with, adds anomaly checks. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  VerificationRunBuilder attach(VerificationRunBuilder builder, DatasetConfig d, PrepConfig prep) {
    VerificationRunBuilderWithRepository b = builder.useRepository(repository)
        .saveOrAppendResult(new ResultKey(System.currentTimeMillis(), tags));
    if (!hasHistory) {
      return b; // Deequ would only warn "There have to be previous results"; we say it plainly.
    }
    scala.Enumeration.Value level = prep.failOnAnomaly() ? CheckLevel.Error() : CheckLevel.Warning();
    b = b.addAnomalyCheck(
        new RelativeRateOfChangeStrategy(some((Object) prep.minRowCountRatio()), some((Object) prep.maxRowCountRatio()), 1),
        (Analyzer) new Size(none()),
        some(config(level, "row count changes by a ratio within [" + prep.minRowCountRatio() + ", "
            + prep.maxRowCountRatio() + "] of the previous run")));
    for (ColumnSpec c : d.columns()) {
      b = b.addAnomalyCheck(
          new AbsoluteChangeStrategy(some((Object) (-prep.maxNullRateIncrease())), none(), 1),
          (Analyzer) new Completeness(quote(c.name()), none(), none()),
          some(config(level, "null rate of " + c.name() + " rises by at most " + prep.maxNullRateIncrease())));
    }
    return b;
  }

  private AnomalyCheckConfig config(scala.Enumeration.Value level, String description) {
    return new AnomalyCheckConfig(level, ANOMALY + description, tags, none(), none());
  }

  String firstRunNote(String dataset, DateWindow window) {
    return String.format(
        "No quality history yet for %s over windows of %s: anomaly checks start with the next run "
            + "(metrics of this run are saved in %s).",
        dataset, window.isAll() ? "all dates" : window.days() + " day(s)", path);
  }
}
