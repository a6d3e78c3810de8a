package io.lakeml.errors;

import static io.lakeml.errors.ErrorCategory.DATA;
import static io.lakeml.errors.ErrorCategory.EXTERNAL;
import static io.lakeml.errors.ErrorCategory.INTERNAL;
import static io.lakeml.errors.ErrorCategory.USER;

import java.nio.file.Path;

/**
 * Every user-facing error lakeml raises is made here, so messages stay consistent: what went wrong
 * (naming the file, table, column or key and the values), why, and how to fix it.
 */
public final class Errors {
  private Errors() {}

  // ---- configuration (USER) ----

  public static LakemlException unknownConfigKey(String key, String nearest, String origin) {
    String hint = nearest == null ? "" : " (did you mean '" + nearest + "'?)";
    return user(
        "Unknown config key '%s'%s in %s. lakeml refuses keys it does not read, so a typo never "
            + "goes unnoticed. Fix the key: conf/application.conf lists every valid one, the README every dataset key.",
        key, hint, origin);
  }

  public static LakemlException invalidConfigValue(String key, Object value, String rule) {
    return user(
        "Cannot set %s to %s: %s. Fix it in your config file or with --set %s=<value>.",
        key, quoteValue(value), rule, key);
  }

  public static LakemlException missingConfigKey(String key) {
    return user("Config key '%s' is required but not set. Add it to your config file.", key);
  }

  public static LakemlException missingConfigFile(Path file) {
    return user(
        "Config file %s does not exist. Pass an existing file with --conf (conf/local.conf and "
            + "conf/cluster.conf are examples).",
        file);
  }

  public static LakemlException unreadableConfigFile(Path file, String detail) {
    return user("Config file %s cannot be parsed: %s. Fix its HOCON syntax.", file, detail);
  }

  public static LakemlException plainSecret(String key, String origin) {
    return user("Config key '%s' (%s) holds a secret as plain text; lakeml refuses secrets in config files, "
        + "--set and environment files, where anyone who reads the file or lists processes sees them and shell "
        + "histories and logs keep them. Put it in a Hadoop credential provider: 'hadoop credential create "
        + "fs.s3a.secret.key -provider jceks://file/etc/lakeml/lakeml.jceks', then set "
        + "lakeml.spark.conf.\"spark.hadoop.hadoop.security.credential.provider.path\" = "
        + "\"jceks://file/etc/lakeml/lakeml.jceks\" (S3A reads its keys from there; a webhook secret goes in "
        + "the same store under lakeml.monitor.webhook.secret-alias), or use the cloud's default credential chain "
        + "(instance profile, IRSA, workload identity).", key, origin);
  }

  public static LakemlException invalidConfig(String detail) {
    return user("The configuration cannot be resolved: %s.", detail);
  }

  public static LakemlException badSetArgument(String argument) {
    return user(
        "Cannot parse --set '%s': expected key=value, e.g. --set lakeml.spark.shuffle-partitions=16.",
        argument);
  }

  public static LakemlException noDatasetConfigured() {
    return user(
        "No dataset is configured (config key 'lakeml.dataset' is missing). Include a dataset file "
            + "in your config, e.g. include \"datasets/flights.conf\" (conf/local.conf does), or pass "
            + "--dataset conf/datasets/<name>.conf.");
  }

  // ---- input data (DATA) ----

  public static LakemlException missingColumn(
      String source, String column, Object expectedType, java.util.Collection<String> found) {
    return data(
        "%s: column '%s' not found (found: %s). The dataset config declares it as %s. Fix the "
            + "source or remove the column from the dataset config.",
        source, column, String.join(", ", found), expectedType);
  }

  public static LakemlException uncastableColumn(
      String source, String column, Object expectedType, String foundType) {
    return data(
        "%s: column '%s' has type %s, which cannot be cast to the declared %s. Fix the source or "
            + "the column's type in the dataset config.",
        source, column, foundType, expectedType);
  }

  public static LakemlException unexpectedColumns(String source, java.util.List<String> extra) {
    return data(
        "%s: columns %s are not declared in the dataset config, and its extra-columns policy is "
            + "'fail'. Declare them, or set extra-columns to 'ignore' or 'keep'.",
        source, extra);
  }

  public static LakemlException sourceNotFound(String path, String format) {
    return data(
        "The source %s (%s) does not exist. Check lakeml.dataset.source.path, or that the upstream "
            + "job has delivered the data.",
        path, format);
  }

  public static LakemlException unreadableJson(String path, boolean multiLine) {
    return data(
        "%s: no line is a JSON record (Spark read only _corrupt_record). %s",
        path, multiLine ? "The file is not valid JSON: check its syntax."
            : "A JSON array or pretty-printed JSON spans lines: set source.options { multiLine = true } in the "
                + "dataset config (one record per line needs no option).");
  }

  public static LakemlException emptySource(String path) {
    return data(
        "The source %s holds no data files. Check that the upstream job delivered its files.", path);
  }

  public static LakemlException emptySourceFiles(String path, int files) {
    return data(
        "The source %s: its %d file(s) are empty (0 bytes, not even a header line). Check that the upstream job "
            + "delivered its data; a source without rows yet still needs its header.", path, files);
  }

  public static LakemlException unreadableSourceFile(String path, String file, String why) {
    return data(
        "The source %s: %s cannot be read (%s). lakeml reads all of a source or none of it, so that no rows go "
            + "missing unnoticed: restore or remove the file, then rerun.", path, file, why);
  }

  public static LakemlException notADeltaTable(String path) {
    return data(
        "The source %s is declared as delta but holds no Delta table. Fix lakeml.dataset.source.format.",
        path);
  }

  public static LakemlException corruptSourceFile(String file, Throwable cause) {
    return new LakemlException(
        DATA,
        String.format(
            "%s is not a readable Parquet file (%s): it is truncated or corrupt. Replace or remove it "
                + "and rerun; no rows were read.",
            file, firstLine(String.valueOf(cause.getMessage()))),
        cause);
  }

  public static LakemlException qualityChecksFailed(String dataset, String window, String failures) {
    return data(
        "Data quality checks failed for %s (%s); nothing was committed to prepared_%s:%n%s%nFix the "
            + "source, or the thresholds in the dataset config if they are wrong. Rejected rows "
            + "are in quarantine_%s.",
        dataset, window, dataset, failures, dataset);
  }

  public static LakemlException countsDoNotReconcile(String dataset, long read, long written, long quarantined,
      long observedAccepted) {
    return new LakemlException(
        INTERNAL,
        String.format(
            "Counts of %s do not reconcile: %d rows read, but %d written and %d quarantined (%d "
                + "accepted as counted during the write). Nothing was committed. No row may "
                + "disappear; this is a bug in lakeml, please report it with the run id.",
            dataset, read, written, quarantined, observedAccepted),
        null);
  }

  public static LakemlException badExpression(String key, String expr, String detail) {
    return user(
        "The expression of %s cannot be evaluated: %s%nExpression: %s%nFix it in the dataset config "
            + "(Spark SQL over the declared columns; backquote names with spaces or dots).",
        key, firstLine(detail), expr);
  }

  // ---- training ----

  public static LakemlException noPreparedData(String table, String path) {
    return user("There is no %s table at %s yet. Run 'lakeml prep' first.", table, path);
  }

  public static LakemlException dataVersionNotFound(String table, long version, long latest) {
    return user(
        "%s has no version %d (latest is %d). Pass an existing --data-version or leave it out for the latest.",
        table, version, latest);
  }

  public static LakemlException preparedColumnMissing(String table, long version, String column) {
    return data(
        "%s version %d has no column '%s', which the dataset config uses as a feature or label. "
            + "Rerun 'lakeml prep' with the current dataset config, or fix the config.",
        table, version, column);
  }

  public static LakemlException emptySplit(String split, String table, long version, String window) {
    return data(
        "The %s split of %s version %d (%s) is empty. Widen lakeml.train.from/to, or prepare data "
            + "for that window first.",
        split, table, version, window);
  }

  public static LakemlException singleClass(String split, String label, Object value) {
    return data(
        "Every row of the %s split has %s = %s: a classifier needs at least two classes. Check the label "
            + "expression in the dataset config and the training window (the dataset's train.from/to).",
        split, label, value);
  }

  public static LakemlException tooManyClasses(String label, int max) {
    return data(
        "Label '%s' has more than %d distinct values: too many classes for a multiclass model. If it is a "
            + "number to predict, declare label.kind = regression; otherwise group its values in label.expr.",
        label, max);
  }

  public static LakemlException constantLabel(String label, double value) {
    return data(
        "Label '%s' has the same value (%s) in every training row: there is nothing to learn. Check "
            + "label.expr and the training window (the dataset's train.from/to).",
        label, value);
  }

  public static LakemlException preparedLabelKind(String table, long version, String label, String found, String kind) {
    return data(
        "%s version %d holds label '%s' as %s, not what a %s label is prepared as: the dataset's label.kind "
            + "changed since that version was prepared. Rerun 'lakeml prep' with the current dataset config.",
        table, version, label, found, kind);
  }

  public static LakemlException trainingDiverged(int epoch, int round, String what, double learningRate) {
    return data(
        "Training diverged in epoch %d%s: %s. Nothing was published. Lower lakeml.train.network.learning-rate "
            + "(now %s), and check the features for extreme values (declare min/max, or derive a log of a "
            + "heavy-tailed number).",
        epoch, round > 0 ? " round " + round : "", what, learningRate);
  }

  public static LakemlException unknownSliceColumn(String column, String dataset, java.util.List<String> columns) {
    return user(
        "Slice column '%s' is not a column of dataset %s (its columns: %s). Fix evaluate.slice-column in the "
            + "dataset's config file (or lakeml.evaluate.slice-column), or leave it empty for no slices.",
        column, dataset, String.join(", ", columns));
  }

  public static LakemlException unknownMonitoredFeature(String feature, String dataset, java.util.List<String> features) {
    return user(
        "Feature '%s' in lakeml.monitor.features is not a feature of dataset %s (its features: %s). Fix the name "
            + "in the dataset's monitor.features section (or lakeml.monitor.features).",
        feature, dataset, String.join(", ", features));
  }

  public static LakemlException thresholdNotChoosable(String name, long version, long rows, long positives, String rule) {
    return data(
        "Cannot choose a decision threshold for %s version %d by rule %s: its validation split has %d rows, %d of "
            + "them positive, so precision and recall are not defined. Use more data (or a wider training window), "
            + "or set lakeml.evaluate.threshold.rule = fixed with a value.",
        name, version, rule, rows, positives);
  }

  public static LakemlException corruptArtefact(String dir, String detail) {
    return data("The model artefact %s is corrupt: %s. Do not serve it; retrain, or use another "
        + "version.", dir, detail);
  }

  public static LakemlException gateFailed(String name, long version, String failures) {
    return new LakemlException(ErrorCategory.GATE, String.format(
        "%s version %d did not pass the evaluation gate and stays in dev:%n%s%nThis is a verdict, "
            + "not an error: do not retry; train a better model or change the gate in the config.",
        name, version, failures), null);
  }

  public static LakemlException baselineFailed(String baseline, String detail) {
    return new LakemlException(EXTERNAL, String.format(
        "The %s baseline of this evaluation could not be fitted or scored by XGBoost4J: %s. The candidate "
            + "was not judged. XGBoost's native library must load on the driver and the executors (glibc and "
            + "libgomp on Linux); to evaluate without baselines set lakeml.evaluate.baseline.models = [] "
            + "(and remove any max-worse-than-baseline bound).", baseline, detail), null);
  }

  // ---- model registry ----

  private static final String STAGE_PATH =
      "Models move dev -> staging (only by a passing 'lakeml evaluate') -> production (only by "
          + "'lakeml registry promote --to production --approved-by WHO --reason WHY') -> archived; "
          + "'lakeml registry rollback' restores the previous production version.";

  public static LakemlException noDevVersion(String name) {
    return user("Model %s has no dev version to evaluate (nor a newest version in staging to evaluate again). Train "
        + "one with 'lakeml train', or pass --model-version N.", name);
  }

  public static LakemlException unknownModelVersion(String name, long version) {
    return user("Model %s has no version %d. List versions with 'lakeml registry list'.", name, version);
  }

  public static LakemlException transitionNotAllowed(String name, long version, String from, String to) {
    return user("Cannot move %s version %d from %s to %s: that skips or reverses a stage. %s",
        name, version, from, to, STAGE_PATH);
  }

  public static LakemlException stagingOnlyByEvaluation(String name, long version) {
    return user("Cannot promote %s version %d to staging by hand: only a passing evaluation does that. "
        + "Run 'lakeml evaluate --model-version %d'. %s", name, version, version, STAGE_PATH);
  }

  public static LakemlException approvalRequired(String name, long version) {
    return user("Promoting %s version %d to production needs an approval: pass --approved-by WHO and "
        + "--reason WHY (both are stored with the event).", name, version);
  }

  public static LakemlException rolloutNeedsStaging(String name, long version, String stage) {
    return user("Cannot roll out %s version %d: it is %s, and only a staging version (one that passed "
        + "'lakeml evaluate') is rolled out. Evaluate it first, or promote a production version by hand.",
        name, version, stage);
  }

  public static LakemlException rolloutNeedsProduction(String name) {
    return user("Cannot roll out a version of %s: there is no production version to share the rows with. "
        + "Promote the first version with 'lakeml registry promote --to production'.", name);
  }

  public static LakemlException rolloutActive(String name, long version, String schedule) {
    return user("Cannot start a rollout of %s: version %d is already rolling out (%s). Halt it first with "
        + "'lakeml registry rollout --halt --reason WHY', or promote it.", name, version, schedule);
  }

  public static LakemlException noActiveRollout(String name) {
    return user("Model %s has no active rollout to halt ('lakeml registry history' lists every rollout event).", name);
  }

  public static LakemlException invalidRolloutSteps(String steps, String rule) {
    return user("Cannot use --steps %s: %s. Give the challenger's share of rows of each step in percent, "
        + "increasing, each from 1 to 100, e.g. --steps 10,50.", steps, rule);
  }

  public static LakemlException noProductionVersion(String name) {
    return user("Model %s has no production version, so there is nothing to roll back.", name);
  }

  public static LakemlException noPreviousProduction(String name, long current) {
    return user("Model %s has no previous production version to roll back to (version %d is the "
        + "first one in production).", name, current);
  }

  public static LakemlException registryConflict(String name, long version, String to) {
    return external("Another transition of model %s committed while moving version %d to %s; nothing "
        + "of this one was written. Check 'lakeml registry show %s' and retry if it still applies.",
        name, version, to, name);
  }

  public static LakemlException registryEditedOutsideLakeml(String table, String name, String differences) {
    return data("The registry table %s disagrees with its event log (model_events) for model %s:%n%s%nA row was "
        + "changed outside lakeml (by SQL or a notebook), so no version of %s is served or moved until the two "
        + "agree. Find the change with DESCRIBE HISTORY delta.`%s` and undo it (RESTORE TABLE delta.`%s` TO VERSION "
        + "AS OF N), then make it with 'lakeml registry promote' or 'lakeml registry rollback', which record it.",
        table, name, differences, name, table, table);
  }

  // ---- batch scoring ----

  public static LakemlException nothingToServe(String name) {
    return user("Model %s has no production version to score with. Promote one ('lakeml registry promote "
        + "--model-version N --to production --approved-by WHO --reason WHY') or pass --model-version N.", name);
  }

  public static LakemlException noHealthyModel(String name, String problems) {
    return data("No healthy version of model %s can score, so nothing was written:%n%s%nFix or roll back the "
        + "model ('lakeml registry rollback') and rerun; 'lakeml registry show %s' lists the versions.",
        name, problems, name);
  }

  public static LakemlException unhealthyRequestedVersion(String name, long version, String problem) {
    return data("%s version %d, asked for with --model-version, failed its health check, so nothing was "
        + "written: %s. No fallback is tried for a version asked for by number; drop --model-version to "
        + "score with production (and its fallback).", name, version, problem);
  }

  public static LakemlException noRowsForDate(String source, java.time.LocalDate date) {
    return data("The source %s has no rows for %s, so nothing was scored. Usually the upstream data "
        + "has not landed yet: retry later. If the date is legitimately empty, set "
        + "lakeml.score.empty-date = skip.", source, date);
  }

  public static LakemlException scoringCountsDoNotReconcile(String dataset, java.time.LocalDate date, long read,
      long scored, long quarantined) {
    return caused(INTERNAL, null,
        "Scoring %s for %s read %d rows but wrote %d scored + %d quarantined. A row was lost or "
            + "duplicated, so the date's scores were not committed (readers keep its previous rows): "
            + "this is a bug in lakeml; rescore the date after it is fixed.",
        dataset, date, read, scored, quarantined);
  }

  /** A backfill stopped at a date: the cause's category, and where to resume. */
  public static LakemlException backfillStopped(LakemlException cause, java.time.LocalDate failed,
      java.util.List<java.time.LocalDate> done, java.time.LocalDate last) {
    String scored = done.isEmpty() ? "No date was scored" : "Dates " + done.get(0) + ".." + done.get(done.size() - 1)
        + " were scored and committed";
    return caused(cause.category(), cause,
        "%s; %s failed: %s%nResume with the same command plus --resume (it skips the dates already scored "
            + "with the same model, input and config), or with --from %s --to %s.",
        scored, failed, cause.getMessage(), failed, last);
  }

  // ---- CLI (USER) ----

  public static LakemlException runNotFound(String runId, String table) {
    return user(
        "Run '%s' is not in the runs table %s. List run ids with 'lakeml runs list'.",
        runId, table);
  }

  public static LakemlException badSqlQuery(String query, String detail) {
    return user(
        "The query cannot run: %s%nQuery: %s%nTables are listed by 'lakeml sql \"SHOW TABLES\"'.",
        firstLine(detail), query);
  }

  public static LakemlException invalidArgument(String option, Object value, String rule) {
    return user("Cannot set %s to %s: %s.", option, quoteValue(value), rule);
  }

  // ---- sample data ----

  public static LakemlException npmMissing() {
    return user(
        "npm is not installed, and lakeml fetches its sample dataset with it. Install Node.js and "
            + "npm (e.g. apt-get install npm) and run the command again.");
  }

  public static LakemlException npmFailed(String pkg, int exitCode, String output) {
    return external(
        "'npm pack %s' failed with exit code %d: %s. Check the network access to the npm "
            + "registry and retry.",
        pkg, exitCode, firstLine(output));
  }

  public static LakemlException sampleEntryMissing(String pkg, String entry) {
    return data(
        "The npm package %s has no file %s. Check lakeml.sample-data.entry.", pkg, entry);
  }

  public static LakemlException checksumMismatch(String file, String expected, String actual) {
    return data(
        "%s has SHA-256 %s but %s was expected: the file is corrupt or not the one lakeml "
            + "knows. Delete it and run the command again to fetch it anew.",
        file, actual, expected);
  }

  // ---- storage ----

  /** Rows that break a CHECK constraint or NOT NULL column of the table (added there by its owners). */
  public static LakemlException tableConstraintViolated(String table, String deltaMessage, Throwable cause) {
    return caused(DATA, cause,
        "Cannot write to table %s: the rows break one of its constraints: %s. The table's owners added the constraint "
            + "(ALTER TABLE ... ADD CONSTRAINT, or a NOT NULL column) and Delta's writer enforces it. Nothing was "
            + "committed. Fix the input or the model, or ask them to drop or relax the constraint "
            + "(ALTER TABLE ... DROP CONSTRAINT name), then rerun.",
        table, firstLine(deltaMessage));
  }

  /** A table feature or setting that forbids the write lakeml makes (append-only, changed columns). */
  public static LakemlException tableRefusesWrite(String table, String why, String fix, Throwable cause) {
    return caused(USER, cause, "Cannot write to table %s: %s. Nothing was committed. %s", table, why, fix);
  }

  /** A version's artefact folder holds what a run still open published: it may yet register it. */
  public static LakemlException artefactOfAnOpenRun(String target, String runId) {
    return external(
        "Cannot publish the model artefact to %s: run %s published one there and has not ended (the runs "
            + "ledger has no row for it), so it may still register it, and artefacts are never overwritten. "
            + "Retry once that run has ended; if its driver is gone, the next run of any job records it as "
            + "failed and this folder is then moved aside.",
        target, runId);
  }

  public static LakemlException noTrialSucceeded(String key, int trials, String firstReason) {
    return user("Every one of the %d trials of search %s failed (trial 0: %s), so there is no best configuration. "
        + "Narrow lakeml.tune.space (lower learning rates diverge less), or look at the reasons with "
        + "lakeml sql \"SELECT trial, params, reason FROM tuning_trials WHERE tune_key = '%s'\".",
        trials, key, firstReason, key);
  }

  public static LakemlException storageFailed(String action, String location, Throwable cause) {
    return caused(
        EXTERNAL, cause,
        "Cannot %s %s: %s. Check that the storage is reachable and writable, then retry.",
        action, location, firstLine(String.valueOf(cause.getMessage())));
  }

  public static LakemlException observationLost(String what, java.time.Duration waited, Throwable cause) {
    return caused(INTERNAL, cause,
        "The metrics observed during %s did not arrive within %s of its end: Spark's listener bus "
            + "dropped or delayed the event that carries them (its log says so when it drops events). "
            + "Nothing was committed on their strength; run again, and if it recurs raise "
            + "spark.scheduler.listenerbus.eventqueue.capacity.",
        what, waited);
  }

  public static LakemlException stagedFilesWithoutStatistics(String table, String file) {
    return caused(INTERNAL, null,
        "Cannot count the rows written to %s: Delta kept no statistics for its file %s, so the "
            + "counts cannot be reconciled and nothing was committed. Turn "
            + "spark.databricks.delta.stats.collect back on (lakeml needs it) and run again.",
        table, file);
  }

  public static LakemlException stagedWriteAlreadyClosed(String table) {
    return caused(INTERNAL, null,
        "The staged write to %s was already committed or aborted and cannot be committed again. "
            + "This is a bug in lakeml; please report it with the run id and log.",
        table);
  }

  public static LakemlException sparkUnavailable(String master, Throwable cause) {
    return caused(
        EXTERNAL, cause,
        "Cannot start Spark (master %s): %s. Check that the cluster is up and reachable "
            + "(lakeml.spark.master or spark-submit --master), then retry.",
        master, firstLine(String.valueOf(cause.getMessage())));
  }

  public static LakemlException servingPathDisagrees(String model, long version, int row, double served,
      double reference, double tolerance) {
    return caused(INTERNAL, null,
        "The serving path scores %s version %d differently from DL4J's own forward pass: row %d of a "
            + "sample of the test split gets %.6f, DL4J %.6f (tolerance %s). Scores of this version "
            + "cannot be trusted and it was not moved; this is a bug in lakeml, please report it with "
            + "the run id.",
        model, version, row, served, reference, tolerance);
  }

  public static LakemlException internal(String what, Throwable cause) {
    return caused(
        INTERNAL, cause,
        "Internal error while %s: %s. This is a bug in lakeml; please report it with the run id "
            + "and log.",
        what, cause);
  }

  // ---- helpers ----

  static LakemlException user(String format, Object... args) {
    return new LakemlException(USER, String.format(format, args), null);
  }

  static LakemlException data(String format, Object... args) {
    return new LakemlException(DATA, String.format(format, args), null);
  }

  // Monitoring

  public static LakemlException dateNotScored(String dataset, java.time.LocalDate from, java.time.LocalDate to) {
    String dates = from.equals(to) ? "date " + from : "dates " + from + " to " + to;
    String how = from.equals(to) ? "lakeml score --date " + from : "lakeml score --from " + from + " --to " + to;
    return user("Cannot monitor %s of dataset %s: scored_%s has no rows for %s. Score first (%s), then monitor.",
        dates, dataset, dataset, from.equals(to) ? "that date" : "those dates", how);
  }

  public static LakemlException baselineMissing(String table, long version) {
    return data("Cannot measure input drift: %s has no baseline for prepared version %d, the data the production "
        + "model was trained on. data-prep writes it with every run; re-run lakeml prep for the training window "
        + "and retrain, or promote a model trained on a version that has one.", table, version);
  }

  public static LakemlException baselineMissingFeature(String table, long version, String feature) {
    return data("Cannot measure input drift of feature '%s': the baseline in %s for prepared version %d does not "
        + "describe it (the feature was added after that prep run). Re-run lakeml prep and retrain.", feature, table,
        version);
  }

  public static LakemlException baselineTooOld(String table, long version, String feature) {
    return data("Cannot measure input drift of feature '%s': the baseline in %s for prepared version %d has no bin "
        + "shares (written by an older lakeml). Re-run lakeml prep for the training window and retrain.", feature,
        table, version);
  }

  public static LakemlException credentialMissing(String alias) {
    return user("No secret named '%s' in the Hadoop credential providers (hadoop.security.credential.provider.path). "
        + "Create it with 'hadoop credential create %s -provider jceks://file/PATH/lakeml.jceks' and set "
        + "lakeml.spark.conf.\"spark.hadoop.hadoop.security.credential.provider.path\" to that provider.", alias, alias);
  }

  public static LakemlException credentialUnreadable(String alias, String why) {
    return external("Cannot read secret '%s' from the Hadoop credential providers: %s. Check the provider path and "
        + "its password (HADOOP_CREDSTORE_PASSWORD).", alias, why);
  }

  public static LakemlException labelsUnreadable(String source, String why) {
    return user("Cannot read labels from %s: %s. Give a lakeml table name, a Delta table path, a Parquet path or a "
        + "CSV file with a header.", source, why);
  }

  public static LakemlException labelsMissingColumns(String source, String key, String label, java.util.List<String> columns) {
    return data("Labels %s must hold the key column '%s' and the label column '%s'; its columns are: %s.", source, key,
        label, String.join(", ", columns));
  }

  public static LakemlException duplicateLabelKeys(String source, String key, long keys) {
    return data("Labels %s hold %d key(s) of column '%s' more than once: each scored row takes one label. Remove the "
        + "duplicates (keep the latest label per key) and run again.", source, keys, key);
  }

  public static LakemlException labelKeyNotScored(String key, String dataset, java.util.List<String> columns) {
    return user("--key %s is not a column of scored_%s; its columns are: %s (a declared key column, or row_id).", key,
        dataset, String.join(", ", columns));
  }

  public static LakemlException labelsMatchNothing(String source, String key, String dataset) {
    return data("No key of column '%s' in labels %s matches a scored row of scored_%s: check the key column and "
        + "that those rows were scored.", key, source, dataset);
  }

  public static LakemlException unknownRetrainRequest(String id) {
    return user("No retraining request %s in retrain_requests. List them with: lakeml sql \"SELECT request_id, "
        + "dataset, status, reason FROM retrain_requests\"", id);
  }

  public static LakemlException retrainRequestNotOpen(String id, String status) {
    return user("Retraining request %s is %s, not open: a request is trained on once. Train on its window "
        + "explicitly with --set lakeml.train.from=... --set lakeml.train.to=... if that is what you want.", id, status);
  }

  public static LakemlException nothingToShow(String dataset, java.time.LocalDate from, java.time.LocalDate to) {
    return user("No scoring run of dataset %s between %s and %s: nothing to draw. Score and monitor those dates "
        + "first (lakeml score / lakeml monitor --from %s --to %s), or give other dates.", dataset, from, to, from, to);
  }

  public static LakemlException noScoringRuns(String dataset) {
    return user("Dataset %s has no scoring run yet: nothing to draw. Score and monitor dates first "
        + "(lakeml score --date D, lakeml monitor --date D).", dataset);
  }

  public static LakemlException cannotWrite(String path, String why) {
    return external("Cannot write %s: %s. Check that the folder is writable and the disk has room.", path, why);
  }

  public static LakemlException labelKeyType(String source, String key, String found, String expected) {
    return data("Key column '%s' of labels %s is %s, but the scored rows' is %s: convert it so the keys can match.",
        key, source, found, expected);
  }

  static LakemlException external(String format, Object... args) {
    return new LakemlException(EXTERNAL, String.format(format, args), null);
  }

  static LakemlException caused(ErrorCategory category, Throwable cause, String format, Object... args) {
    return new LakemlException(category, String.format(format, args), cause);
  }

  static String quoteValue(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  // Reproduce

  public static LakemlException unknownModel(String name, java.util.Collection<String> known) {
    return user("No model named '%s' is registered. Known models: %s. Pass --model NAME.", name,
        known.isEmpty() ? "none (train one with 'lakeml train')" : String.join(", ", known));
  }

  public static LakemlException unknownModelVersion(String name, long version, java.util.Collection<Long> known) {
    return user("Model %s has no version %d. Its versions: %s (see 'lakeml registry list').", name, version,
        known.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
  }

  public static LakemlException recordedConfigUnreadable(String name, long version, String commit, String detail) {
    return user("The config recorded with %s version %d does not load with this build of lakeml: %s. The version was "
        + "trained at commit %s: check it out (git checkout %s), build, and run reproduce from there.",
        name, version, detail, commit, commit);
  }

  public static LakemlException commitDiffers(String name, long version, String recorded, String current) {
    return user("%s version %d was trained at commit %s; this build is %s, and --strict asks for the same code. "
        + "Check out %s (git checkout %s) and build, or leave out --strict to reproduce with a warning.",
        name, version, recorded, current, recorded, recorded);
  }

  public static LakemlException trainingDataGone(String table, long version, String name, long modelVersion,
      String retention, Throwable cause) {
    return new LakemlException(DATA, String.format("Cannot reproduce %s version %d: %s version %d, the data it was "
        + "trained on, is no longer readable (%s). Delta keeps old versions only as long as the table's retention "
        + "allows (%s) and until VACUUM removes their files; raise delta.logRetentionDuration and "
        + "delta.deletedFileRetentionDuration on %s to keep versions that registered models were trained on.",
        name, modelVersion, table, version, rootMessage(cause), retention, table), cause);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = String.valueOf(root.getMessage());
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }
}
