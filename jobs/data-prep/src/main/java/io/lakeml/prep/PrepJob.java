package io.lakeml.prep;

import static org.apache.spark.sql.functions.col;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.metrics.Metric;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.ColumnType;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.RawInput;
import io.lakeml.dataset.RawSource;
import io.lakeml.dataset.RowIdentity;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.errors.Errors;
import io.lakeml.lakehouse.DeltaTables;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.lakehouse.TableNames;
import io.lakeml.lakehouse.TableProperties;
import io.lakeml.lakehouse.WindowedWrite;
import io.lakeml.lineage.ContentHash;
import io.lakeml.lineage.DataRef;
import io.lakeml.lineage.RunTracker;
import io.lakeml.quality.Quarantine;
import io.lakeml.quality.Scala;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * data-prep: raw rows -> schema contract -> derived columns and label -> Deequ checks in one pass
 * (with the quality history and its anomaly checks) -> rejected rows to {@code quarantine_<ds>},
 * accepted rows to {@code prepared_<ds>} for exactly the window -> drift baseline and quality
 * report. The input is read once and cached; every later step reads the cache.
 */
public final class PrepJob {
  /** A stable identity of a row: a hash of its declared values. */
  public static final String ROW_HASH = RowIdentity.COLUMN;
  private static final Logger LOG = LoggerFactory.getLogger(PrepJob.class);

  private final SparkSession spark;
  private final LakemlConfig config;
  private final DatasetConfig dataset;
  private final DateWindow window;
  private final RunTracker run;
  private final Lakehouse lakehouse;

  private PrepJob(SparkSession spark, LakemlConfig config, DateWindow window, RunTracker run) {
    this.spark = spark;
    this.config = config;
    this.dataset = config.requireDataset();
    this.window = window;
    this.run = run;
    this.lakehouse = new Lakehouse(config.lakehouse().root());
  }

  public static PrepJob create(SparkSession spark, LakemlConfig config, DateWindow window, RunTracker run) {
    return new PrepJob(spark, config, window, run);
  }

  public PrepResult run() {
    RawInput raw = RawSource.read(spark, dataset.source());
    run.input(raw.ref());
    Dataset<Row> enriched = enrich(raw);
    // The cache holds typed values only: rendering every row's original values as text (for the
    // quarantine) cost more than the whole check pass, and only rejected rows need them.
    Dataset<Row> rows = DriftBaseline.withMaskedFeatures(
            enriched.drop(SchemaContract.VIOLATIONS, SchemaContract.ORIGINAL, RawSource.SOURCE_FILE), dataset)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return prepare(rows, enriched);
    } finally {
      rows.unpersist();
    }
  }

  private Dataset<Row> enrich(RawInput raw) {
    Dataset<Row> contracted = SchemaContract.forTraining(dataset).apply(raw.rows(), dataset.source().path());
    if (!window.isAll()) {
      contracted = contracted.where(window.predicate(DatasetConfig.EVENT_DATE));
    }
    Dataset<Row> derived = DerivedColumns.withLabel(DerivedColumns.withDerived(contracted, dataset), dataset);
    return derived.withColumn(ROW_HASH, RowIdentity.of(dataset));
  }

  private PrepResult prepare(Dataset<Row> rows, Dataset<Row> withOriginals) {
    run.timed("cache", rows::count);
    QualityHistory history = QualityHistory.open(spark, lakehouse, dataset, window);
    VerificationRunBuilder suite = new VerificationSuite().onData(rows)
        .addChecks(Scala.seq(new ArrayList<>(QualityChecks.build(dataset))))
        .addRequiredAnalyzers(Scala.seq(DriftBaseline.analyzers(dataset)));
    VerificationResult verification = run.timed("checks", () -> history.attach(suite, dataset, config.prep()).run());
    List<CheckOutcome> outcomes = Outcomes.from(verification);

    long read = sizeOf(outcomes);
    boolean anyRejected = read - Math.round(read * acceptedShare(outcomes)) > 0;
    Map<String, Long> reasons = anyRejected ? run.timed("reasons", () -> reasonCounts(rows)) : Map.of();
    long rejected = reasons.values().stream().mapToLong(Long::longValue).sum();
    long quarantineVersion = quarantine(withOriginals, anyRejected);

    List<String> notes = notes(history, outcomes);
    PrepResult checked = new PrepResult(dataset.name(), window, read, read - rejected, rejected, reasons,
        outcomes, Optional.empty(), Optional.empty(), quarantineVersion, notes);
    if (!checked.passed()) {
      record(checked);
      throw Errors.qualityChecksFailed(dataset.name(), window.toString(), failureList(checked));
    }
    return record(write(rows, checked, verification.metrics()));
  }

  private PrepResult write(Dataset<Row> rows, PrepResult checked,
      scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> verified) {
    List<String> internal = new ArrayList<>(DriftBaseline.maskedColumns(dataset));
    internal.add(SchemaContract.FIRST_VIOLATION);
    Dataset<Row> accepted = rows.where(col(SchemaContract.FIRST_VIOLATION).isNull())
        .drop(internal.toArray(String[]::new));
    String path = lakehouse.tablePath(TableNames.prepared(dataset.name()));
    ContentHash.Observed observed = ContentHash.observe(accepted);
    long version = run.timed("write", () -> WindowedWrite.write(observed.rows(), path, window, run.runId(),
        preparedProperties()));
    long written = DeltaTables.rowsWritten(spark, path, version);
    if (written != checked.rowsAccepted() || observed.rowCount() != written) {
      throw Errors.countsDoNotReconcile(dataset.name(), checked.rowsRead(), written, checked.rowsQuarantined());
    }
    String hash = observed.hash();
    run.output(DataRef.delta(TableNames.prepared(dataset.name()), path, version, hash));
    run.timed("baseline", () -> {
      scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> metrics =
          verified.$plus$plus(DriftBaseline.quantiles(rows, written, dataset, config.prep()));
      DriftBaseline.profile(metrics, accepted, dataset, config.prep(), version, run.runId())
          .write().format("delta").mode("append")
          .save(lakehouse.tablePath(TableNames.baseline(dataset.name())));
      return null;
    });
    LOG.info("Wrote {} rows to {} (version {}) and the drift baseline", written, path, version);
    return new PrepResult(checked.dataset(), window, checked.rowsRead(), checked.rowsAccepted(),
        checked.rowsQuarantined(), checked.reasons(), checked.outcomes(), Optional.of(version),
        Optional.of(hash), checked.quarantineVersion(), checked.notes());
  }

  /**
   * Statistics on the event time and the key: what readers select prepared rows by (train and
   * evaluate read date windows); the features and the row hash would cost their statistics on
   * every row written and skip nothing.
   */
  private Map<String, String> preparedProperties() {
    List<String> stats = new ArrayList<>(List.of(dataset.eventTime()));
    dataset.keyColumns().stream()
        .filter(k -> !stats.contains(k) && dataset.column(k).type() != ColumnType.BOOLEAN)
        .forEach(stats::add); // Delta keeps no statistics of booleans
    return TableProperties.statsOn(stats);
  }

  private PrepResult record(PrepResult r) {
    run.timed("report", () -> {
      QualityReport.append(spark, lakehouse, r, run.runId());
      return null;
    });
    run.metric("window", window);
    run.metric("rows_read", r.rowsRead());
    run.metric("rows_accepted", r.rowsAccepted());
    run.metric("rows_quarantined", r.rowsQuarantined());
    r.reasons().forEach((code, n) -> run.metric("quarantined." + code, n));
    run.metric("checks_failed", r.failures().size());
    r.preparedVersion().ifPresent(v -> run.metric("prepared_version", v));
    return r;
  }

  /** Rejected rows go to quarantine; the uncached input is read again only when there are some. */
  private long quarantine(Dataset<Row> withOriginals, boolean anyRejected) {
    String table = TableNames.quarantine(dataset.name());
    String path = lakehouse.tablePath(table);
    long version = run.timed("quarantine", () -> anyRejected
        ? Quarantine.write(Quarantine.rows(withOriginals, run.runId()), path, window, run.runId())
        : Quarantine.clear(spark, path, window, run.runId()).orElse(-1L));
    if (version >= 0) {
      run.output(DataRef.delta(table, path, version, null));
    }
    return version;
  }

  private static Map<String, Long> reasonCounts(Dataset<Row> rows) {
    Map<String, Long> counts = new LinkedHashMap<>();
    Dataset<Row> firstViolation = rows.where(col(SchemaContract.FIRST_VIOLATION).isNotNull())
        .select(col(SchemaContract.FIRST_VIOLATION).getField("code").as("reason_code"));
    for (Row r : firstViolation.groupBy("reason_code").count().orderBy("reason_code").collectAsList()) {
      counts.put(r.getString(0), r.getLong(1)); // at most one row per reason code reaches the driver
    }
    return counts;
  }

  private static double acceptedShare(List<CheckOutcome> outcomes) {
    return outcomes.stream().filter(o -> o.constraint().contains("Compliance(" + QualityChecks.ACCEPTED_SHARE + ","))
        .findFirst().flatMap(CheckOutcome::value).orElse(1.0);
  }

  private static long sizeOf(List<CheckOutcome> outcomes) {
    return outcomes.stream().filter(o -> o.constraint().startsWith("SizeConstraint"))
        .findFirst().flatMap(CheckOutcome::value).map(Double::longValue).orElse(0L);
  }

  private List<String> notes(QualityHistory history, List<CheckOutcome> outcomes) {
    List<String> notes = new ArrayList<>();
    if (!history.hasHistory()) {
      notes.add(history.firstRunNote(dataset.name(), window));
    }
    outcomes.stream().filter(o -> !o.passed() && o.check().startsWith(QualityHistory.ANOMALY) && !o.fatal())
        .forEach(o -> notes.add("Anomaly (warning only): " + o.check().substring(QualityHistory.ANOMALY.length())
            + o.value().map(v -> ", measured " + v).orElse("")));
    return List.copyOf(notes);
  }

  private static String failureList(PrepResult r) {
    StringBuilder b = new StringBuilder();
    r.failures().stream().filter(CheckOutcome::fatal)
        .forEach(o -> b.append("  - ").append(o.check()).append(": ").append(o.describe()).append('\n'));
    b.append(String.format("  (rows read %d = accepted %d + quarantined %d)", r.rowsRead(), r.rowsAccepted(), r.rowsQuarantined()));
    return b.toString();
  }
}
