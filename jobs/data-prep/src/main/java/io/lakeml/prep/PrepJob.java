package io.lakeml.prep;

import static org.apache.spark.sql.functions.col;

import com.amazon.deequ.VerificationResult;
import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.ColumnType;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.RowIdentity;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.StagedWrite;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lakehouse.TableProperties;
import io.lakeml.internal.lakehouse.WindowedWrite;
import io.lakeml.internal.lineage.ContentHash;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.internal.quality.ObservedAnalysis;
import io.lakeml.internal.quality.Quarantine;
import io.lakeml.internal.runs.RunTracker;
import io.lakeml.internal.source.RawInput;
import io.lakeml.internal.source.RawSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * data-prep: raw rows -> schema contract -> derived columns and label -> accepted rows written to
 * {@code prepared_<ds>} for exactly the window, uncommitted, while Deequ's checks (with the quality
 * history and its anomaly checks) are measured in the same pass -> rejected rows to
 * {@code quarantine_<ds>} -> commit only if the checks pass -> drift baseline and quality report.
 * The input is read once; again only for rejected rows, which the quarantine keeps with their
 * original values, and for a declared key's uniqueness (a grouping over the key columns).
 */
public final class PrepJob {
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
    this.window = DateWindow.forDataset(dataset, window, false);
    this.run = run;
    this.lakehouse = Lakehouse.of(config);
  }

  public static PrepJob create(SparkSession spark, LakemlConfig config, DateWindow window, RunTracker run) {
    return new PrepJob(spark, config, window, run);
  }

  public PrepResult run() {
    RawInput raw = run.timed("read", () -> RawSource.read(spark, dataset.source()));
    run.input(raw.ref());
    Dataset<Row> enriched = enrich(raw);
    // The checked rows carry typed values only: rendering every row's original values as text
    // (for the quarantine) cost more than the whole check pass, and only rejected rows need them.
    Dataset<Row> rows = enriched.drop(SchemaContract.VIOLATIONS, SchemaContract.ORIGINAL, RawSource.SOURCE_FILE);
    Verification verification = Verification.of(dataset, config.prep(),
        run.timed("history", () -> QualityHistory.open(spark, lakehouse, dataset, window)));
    BaselineSample sample = BaselineSample.plan(dataset, raw.sourceRows());
    WritePass pass = WritePass.of(rows, verification, sample);
    StagedWrite staged = run.timed("write", () -> WindowedWrite.stage(pass.accepted(), preparedPath(), window,
        run.runId(), preparedProperties()));
    try {
      VerificationResult verified = run.timed("checks", () -> verification.verify(pass.observed(), rows));
      Map<String, Object> observed = pass.observed().extras();
      Written written = new Written(staged, pass.hash().rowCount(observed), pass.hash().hash(observed));
      return commitIfPassed(written, verified, verification.history(), enriched,
          version -> sample.of(observed, () -> written(version), staged.rowCount()));
    } catch (RuntimeException | Error e) {
      abortQuietly(staged, e); // no reader ever sees the files; the run's own error is the one to report
      throw e;
    }
  }

  private static void abortQuietly(StagedWrite staged, Throwable cause) {
    try {
      staged.abort();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * The one pass that writes: the checked rows carry a single observation (the checks over all
   * rows, the content hash of the accepted ones, the baseline's sample), then only accepted rows
   * go on to the write, without the internal columns. The row identity is not stored: readers
   * compute it ({@link RowIdentity#with}) from the declared columns.
   */
  private record WritePass(ObservedAnalysis observed, ContentHash.Gathered hash, Dataset<Row> accepted) {
    static WritePass of(Dataset<Row> rows, Verification verification, BaselineSample sample) {
      Dataset<Row> marked = sample.mark(rows);
      List<String> internal = List.of(SchemaContract.FIRST_VIOLATION, BaselineSample.COLUMN, RowIdentity.COLUMN);
      List<String> written = Arrays.stream(marked.columns()).filter(c -> !internal.contains(c)).toList();
      Column isAccepted = col(SchemaContract.FIRST_VIOLATION).isNull();
      ContentHash.Gathered hash = ContentHash.gather(written, isAccepted);
      Map<String, Column> extras = new LinkedHashMap<>(sample.collector());
      extras.putAll(hash.aggregates());
      ObservedAnalysis observed = verification.observe(marked, extras);
      return new WritePass(observed, hash, observed.rows().where(isAccepted).drop(internal.toArray(String[]::new)));
    }
  }

  /** The staged accepted rows, with the count and content hash observed while they were written. */
  private record Written(StagedWrite staged, long observedRows, String contentHash) {}

  private Dataset<Row> enrich(RawInput raw) {
    SchemaContract contract = SchemaContract.forTraining(dataset);
    if (!dataset.hasEventTime()) {
      contract = contract.processing(window.from().orElseThrow()); // forDataset gave it one date
    }
    Dataset<Row> contracted = contract.apply(raw.rows(), dataset.source().path());
    if (!window.isAll()) {
      contracted = contracted.where(window.predicate(DatasetConfig.EVENT_DATE));
    }
    Dataset<Row> derived = DerivedColumns.withLabel(DerivedColumns.withDerived(contracted, dataset), dataset);
    return derived.withColumn(RowIdentity.COLUMN, RowIdentity.of(dataset));
  }

  /**
   * Judges what was staged: rejected rows to quarantine (the input is read again only when there
   * are some), then the checks; commits the accepted rows only if no fatal check failed.
   */
  private PrepResult commitIfPassed(Written written, VerificationResult verified, QualityHistory history,
      Dataset<Row> withOriginals, java.util.function.LongFunction<List<Row>> baselineSample) {
    StagedWrite staged = written.staged();
    List<CheckOutcome> outcomes = Outcomes.from(verified);
    long read = sizeOf(outcomes);
    long acceptedRows = staged.rowCount();
    Quarantined quarantined = quarantine(withOriginals, read - acceptedRows);
    PrepResult checked = new PrepResult(dataset.name(), window, read, acceptedRows, quarantined.rows(),
        quarantined.reasons(), outcomes, Optional.empty(), Optional.empty(), quarantined.version(),
        notes(history, outcomes));
    if (!checked.passed()) {
      record(checked);
      throw Errors.qualityChecksFailed(dataset.name(), window.toString(), failureList(checked) + diagnosis(quarantined, read));
    }
    if (read != acceptedRows + quarantined.rows() || written.observedRows() != acceptedRows) {
      throw Errors.countsDoNotReconcile(dataset.name(), read, acceptedRows, quarantined.rows(), written.observedRows());
    }
    long version = run.timed("commit", staged::commit);
    String path = preparedPath();
    run.output(DataRef.delta(TableNames.prepared(dataset.name()), path, version, written.contentHash()));
    // The baseline and the quality report are small commits to two tables: written at once.
    CompletableFuture<Void> baseline = CompletableFuture.runAsync(
        () -> run.timed("baseline", () -> baseline(baselineSample.apply(version), version, acceptedRows)));
    run.timed("history_record", () -> {
      history.record(run.runId()); // only committed windows become a later window's predecessor
      return null;
    });
    PrepResult done = record(new PrepResult(checked.dataset(), window, read, acceptedRows, checked.rowsQuarantined(),
        checked.reasons(), outcomes, Optional.of(version), Optional.of(written.contentHash()),
        checked.quarantineVersion(), checked.notes()));
    await(baseline);
    LOG.info("Wrote {} rows to {} (version {}) and the drift baseline", acceptedRows, path, version);
    return done;
  }

  private static void await(CompletableFuture<Void> write) {
    try {
      write.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The drift baseline of the rows just committed (its sample taken during the write, or read back). */
  private Void baseline(List<Row> sample, long version, long rows) {
    DriftBaseline.asTable(spark, DriftBaseline.profile(sample, rows, dataset, config.prep(), version, run.runId()))
        .write().format("delta").mode("append")
        .save(lakehouse.tablePath(TableNames.baseline(dataset.name())));
    return null;
  }

  /** The window's rows as this run committed them: read only for a baseline sample the write did not gather. */
  private Dataset<Row> written(long version) {
    return RowIdentity.with(spark.read().format("delta").option("versionAsOf", version).load(preparedPath()), dataset)
        .where(window.predicate(DatasetConfig.EVENT_DATE));
  }

  private String preparedPath() {
    return lakehouse.tablePath(TableNames.prepared(dataset.name()));
  }

  /**
   * Statistics on the event time and the key: what readers select prepared rows by (train and
   * evaluate read date windows); the features and the row hash would cost their statistics on
   * every row written and skip nothing.
   */
  private Map<String, String> preparedProperties() {
    List<String> stats = new ArrayList<>(dataset.eventTime().stream().toList());
    dataset.keyColumns().stream()
        .filter(k -> !stats.contains(k) && dataset.column(k).type() != ColumnType.BOOLEAN)
        .forEach(stats::add); // Delta keeps no statistics of booleans
    // Without an event time or a key, readers select by the date partition alone: no column needs them.
    return stats.isEmpty() ? Map.of(TableProperties.STATS_COUNT, "0") : TableProperties.statsOn(stats);
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

  /** What went to quarantine: rows per reason code, and the table's version (-1 when there is none). */
  private record Quarantined(Map<String, Long> reasons, long version) {
    long rows() {
      return reasons.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Rejected rows go to quarantine, counted per reason code while they are written; the input is
   * read again only when there are some. Otherwise the window is cleared of an earlier run's rejects.
   */
  private Quarantined quarantine(Dataset<Row> withOriginals, long rejected) {
    String table = TableNames.quarantine(dataset.name());
    String path = lakehouse.tablePath(table);
    Quarantined q = run.timed("quarantine", () -> {
      if (rejected > 0) {
        Quarantine.Written w = Quarantine.writeCounted(Quarantine.rows(withOriginals, run.runId()), path, window, run.runId());
        return new Quarantined(w.reasons(), w.version());
      }
      return new Quarantined(Map.of(), Quarantine.clear(withOriginals, path, window, run.runId()).orElse(-1L));
    });
    if (q.version() >= 0) {
      run.output(DataRef.delta(table, path, q.version(), null));
    }
    return q;
  }

  /** What the rows this run rejected say about the config (only read when the run fails). */
  private String diagnosis(Quarantined quarantined, long read) {
    if (quarantined.rows() == 0) {
      return "";
    }
    try {
      Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", quarantined.version())
          .load(lakehouse.tablePath(TableNames.quarantine(dataset.name()))).where(col("run_id").equalTo(run.runId()));
      List<String> lines = RejectionDiagnosis.of(rows, dataset, read);
      return lines.isEmpty() ? "" : "\nWhat the rejected rows say:\n  - " + String.join("\n  - ", lines);
    } catch (RuntimeException e) { // a hint only: never in the way of the run's own error
      LOG.warn("Could not summarize the rejected rows of {}: {}", run.runId(), e.toString());
      return "";
    }
  }

  private static long sizeOf(List<CheckOutcome> outcomes) {
    return outcomes.stream().filter(PrepJob::isRowCount)
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

  /** Deequ's check of the number of rows read ("the input has rows"). */
  private static boolean isRowCount(CheckOutcome o) {
    return o.constraint().startsWith("SizeConstraint");
  }

  private static String failureList(PrepResult r) {
    StringBuilder b = new StringBuilder();
    // With no row read, every other check fails for want of rows: the one failure that matters is listed.
    r.failures().stream().filter(CheckOutcome::fatal)
        .filter(o -> r.rowsRead() > 0 || isRowCount(o))
        .forEach(o -> b.append("  - ").append(o.check()).append(": ").append(o.describe()).append('\n'));
    if (r.rowsRead() == 0) {
      b.append(r.window().isAll() ? "  (the source has no row" : "  (no row of the source falls in " + r.window())
          .append(": check the source path and the dates given; the other checks need rows to judge)\n");
    }
    b.append(String.format("  (rows read %d = accepted %d + quarantined %d)", r.rowsRead(), r.rowsAccepted(), r.rowsQuarantined()));
    return b.toString();
  }
}
