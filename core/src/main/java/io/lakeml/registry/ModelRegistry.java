package io.lakeml.registry;

import static org.apache.spark.sql.functions.col;

import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.sql.Timestamp;
import java.time.Instant;
import io.lakeml.errors.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model registry in the lakehouse: {@code model_versions} (one row per version) and the
 * append-only {@code model_events}. This part registers dev versions (idempotent per training run
 * id); stage transitions, approval and rollback belong to the registry issue.
 */
public final class ModelRegistry {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelRegistry.class);
  public static final String DEV = ModelStage.DEV.label();
  /** The key of a binary version's decision threshold in its {@code metrics} (chosen by evaluate). */
  public static final String DECISION_THRESHOLD = "decision_threshold";

  static final StructType VERSIONS = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("version", DataTypes.LongType, false)
      .add("stage", DataTypes.StringType, false)
      .add("training_run_id", DataTypes.StringType)
      .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
      .add("training_config", DataTypes.StringType)
      .add("data_version", DataTypes.LongType)
      .add("data_hash", DataTypes.StringType)
      .add("git_commit", DataTypes.StringType)
      .add("input_schema", DataTypes.StringType)
      .add("output_schema", DataTypes.StringType)
      .add("expected_latency_ms_per_1000", DataTypes.DoubleType)
      .add("resources", DataTypes.StringType)
      .add("artefact_uri", DataTypes.StringType)
      .add("artefact_sha256", DataTypes.StringType)
      .add("created_at", DataTypes.TimestampType);

  private final SparkSession spark;
  private final String versionsPath;
  private final RegistryEvents events;
  private final Rollouts rollouts;

  public ModelRegistry(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.versionsPath = lakehouse.tablePath(TableNames.MODEL_VERSIONS);
    String rolloutsPath = lakehouse.tablePath(TableNames.ROLLOUTS);
    this.events = new RegistryEvents(spark, lakehouse.tablePath(TableNames.MODEL_EVENTS),
        List.of(versionsPath, rolloutsPath));
    this.rollouts = new Rollouts(spark, rolloutsPath, events);
  }

  private Transitions transitions() {
    return new Transitions(spark, versionsPath, events);
  }

  /** The current stage of every version of a model. */
  public Map<Long, ModelStage> stages(String name) {
    return transitions().stages(name);
  }

  /** The version in production now, if any. */
  public Optional<Long> production(String name) {
    return stages(name).entrySet().stream().filter(e -> e.getValue() == ModelStage.PRODUCTION)
        .map(Map.Entry::getKey).findFirst();
  }

  /**
   * dev -> staging, the one path a passing evaluation takes. Evaluating a version already in
   * staging again changes nothing.
   */
  public void passEvaluation(String name, long version, String who, String why, String runId) {
    repairEvents();
    Map<Long, ModelStage> seen = stages(name);
    ModelStage current = stageOf(seen, name, version);
    if (current == ModelStage.STAGING) {
      return;
    }
    if (current != ModelStage.DEV) {
      throw Errors.transitionNotAllowed(name, version, current.label(), ModelStage.STAGING.label());
    }
    transitions().apply(name, seen, List.of(new StageChange(version, ModelStage.DEV, ModelStage.STAGING)),
        "evaluation passed", who, Optional.empty(), why, runId);
  }

  /**
   * A transition asked for by a person: staging -> production (with approval; the production
   * version it replaces is archived in the same commit), or dev/staging -> archived. Returns false
   * when the version is in that stage already (a retry of the same transition): nothing changes.
   */
  public boolean promote(String name, long version, ModelStage target, Optional<String> approvedBy,
      Optional<String> reason, String who, String runId) {
    repairEvents();
    Map<Long, ModelStage> seen = stages(name);
    ModelStage current = stageOf(seen, name, version);
    boolean retry = current == target && target != ModelStage.STAGING; // its run died after the commit
    List<StageChange> changes = new ArrayList<>();
    if (retry) {
      LOG.info("{} version {} is {} already: nothing to change", name, version, target.label());
    } else if (target == ModelStage.STAGING && current == ModelStage.DEV) {
      throw Errors.stagingOnlyByEvaluation(name, version);
    } else if (target == ModelStage.PRODUCTION && current == ModelStage.STAGING) {
      if (approvedBy.filter(a -> !a.isBlank()).isEmpty() || reason.filter(r -> !r.isBlank()).isEmpty()) {
        throw Errors.approvalRequired(name, version);
      }
      changes.add(new StageChange(version, current, target));
      seen.forEach((v, stage) -> {
        if (stage == ModelStage.PRODUCTION) {
          changes.add(new StageChange(v, stage, ModelStage.ARCHIVED)); // stays loadable for rollback
        }
      });
    } else if (target == ModelStage.ARCHIVED && (current == ModelStage.DEV || current == ModelStage.STAGING)) {
      changes.add(new StageChange(version, current, target));
    } else {
      throw Errors.transitionNotAllowed(name, version, current.label(), target.label());
    }
    if (!retry) {
      transitions().apply(name, seen, changes, "promoted", who, approvedBy, reason.orElse(""), runId);
    }
    if (target == ModelStage.PRODUCTION) { // a retry finishes what the transition's run may not have
      rollouts.all(name).stream().filter(r -> r.version() == version && r.state() == Rollout.State.ACTIVE)
          .forEach(r -> rollouts.complete(r, who, runId));
    }
    return !retry;
  }

  /**
   * Starts a gradual rollout of a staging version: from {@code start}, it serves as challenger to
   * each step's share of rows for {@code daysPerStep} scoring dates; the monitor halts it when it
   * is worse than the champion; promoting it still takes {@link #promote} with an approval.
   */
  public Rollout startRollout(String name, long version, List<Integer> steps, int daysPerStep,
      java.time.LocalDate start, String approvedBy, String reason, String who, String runId) {
    repairEvents();
    Map<Long, ModelStage> seen = stages(name);
    ModelStage stage = stageOf(seen, name, version);
    if (stage != ModelStage.STAGING) {
      throw Errors.rolloutNeedsStaging(name, version, stage.label());
    }
    if (production(name).isEmpty()) {
      throw Errors.rolloutNeedsProduction(name);
    }
    if (approvedBy == null || approvedBy.isBlank() || reason == null || reason.isBlank()) {
      throw Errors.approvalRequired(name, version);
    }
    if (daysPerStep < 1) {
      throw Errors.invalidArgument("--days-per-step", daysPerStep, "must be >= 1");
    }
    rollouts.active(name).ifPresent(r -> {
      throw Errors.rolloutActive(name, r.version(), r.schedule());
    });
    Rollout r = new Rollout(name, version, List.copyOf(steps), daysPerStep, start, Rollout.State.ACTIVE,
        Optional.empty(), approvedBy, reason);
    rollouts.start(r, who, runId);
    return r;
  }

  /** Every rollout of {@code name}, the newest start first. */
  public List<Rollout> rollouts(String name) {
    return rollouts.all(name);
  }

  public Optional<Rollout> activeRollout(String name) {
    return rollouts.active(name);
  }

  /**
   * Halts the active rollout: scoring dates after {@code date} give the challenger no rows (those
   * up to it keep their share, so a rerun reproduces them).
   */
  public Rollout haltRollout(String name, java.time.LocalDate date, String why, String who, String runId) {
    Rollout r = rollouts.active(name).orElseThrow(() -> Errors.noActiveRollout(name));
    rollouts.halt(r, date, why, who, runId);
    return new Rollout(r.name(), r.version(), r.steps(), r.daysPerStep(), r.start(), Rollout.State.HALTED,
        Optional.of(date), r.approvedBy(), r.reason());
  }

  /**
   * Keeps what evaluation measured with the version, in one commit: its expected scoring latency
   * and, for a binary version, the decision threshold it chose (in its metrics, as
   * {@link #DECISION_THRESHOLD}; scoring uses it for that version).
   */
  public void recordEvaluation(String name, long version, double latencyMsPer1000, java.util.Optional<Double> threshold) {
    Map<String, org.apache.spark.sql.Column> set = new java.util.LinkedHashMap<>();
    set.put("expected_latency_ms_per_1000", org.apache.spark.sql.functions.lit(latencyMsPer1000));
    threshold.ifPresent(t -> {
      org.apache.spark.sql.Column kept = org.apache.spark.sql.functions.expr(
          "map_filter(coalesce(metrics, cast(map() AS map<string, double>)), (k, v) -> k != '" + DECISION_THRESHOLD + "')");
      set.put("metrics", org.apache.spark.sql.functions.map_concat(kept, org.apache.spark.sql.functions.map(
          org.apache.spark.sql.functions.lit(DECISION_THRESHOLD), org.apache.spark.sql.functions.lit(t))));
    });
    io.delta.tables.DeltaTable.forPath(spark, versionsPath).update(
        col("name").equalTo(name).and(col("version").equalTo(version)), set);
  }

  /** Makes the previous production version current again, at once; returns its version. */
  public long rollback(String name, String who, String reason, String runId) {
    repairEvents();
    Map<Long, ModelStage> seen = stages(name);
    long current = production(name).orElseThrow(() -> Errors.noProductionVersion(name));
    long previous = productionHistory(name).stream().filter(v -> v != current && seen.get(v) == ModelStage.ARCHIVED)
        .findFirst().orElseThrow(() -> Errors.noPreviousProduction(name, current));
    transitions().apply(name, seen, List.of(
            new StageChange(current, ModelStage.PRODUCTION, ModelStage.ARCHIVED),
            new StageChange(previous, ModelStage.ARCHIVED, ModelStage.PRODUCTION)),
        "rollback", who, Optional.empty(), reason, runId);
    return previous;
  }

  /** Versions that were ever promoted to production, newest promotion first. */
  public List<Long> productionHistory(String name) {
    List<Long> versions = new ArrayList<>();
    for (Row r : events().where(col("name").equalTo(name).and(col("to_stage").equalTo("production")))
        .orderBy(col("at").desc()).select("version").collectAsList()) {
      if (!versions.contains(r.getLong(0))) {
        versions.add(r.getLong(0));
      }
    }
    return versions;
  }

  public org.apache.spark.sql.Dataset<Row> versions() {
    return DeltaTables.exists(spark, versionsPath) ? spark.read().format("delta").load(versionsPath)
        : spark.createDataFrame(List.of(), VERSIONS);
  }

  public org.apache.spark.sql.Dataset<Row> events() {
    String path = events.path();
    return DeltaTables.exists(spark, path) ? spark.read().format("delta").load(path)
        : spark.createDataFrame(List.of(), RegistryEvents.SCHEMA);
  }

  private static ModelStage stageOf(Map<Long, ModelStage> seen, String name, long version) {
    ModelStage stage = seen.get(version);
    if (stage == null) {
      throw Errors.unknownModelVersion(name, version);
    }
    return stage;
  }

  public String versionsPath() {
    return versionsPath;
  }

  /** Appends events that a crash between a transition's two commits left out. */
  public int repairEvents() {
    return events.repair();
  }

  /** The version a training run registered, if it did. */
  public Optional<Long> versionOfRun(String name, String trainingRunId) {
    if (!DeltaTables.exists(spark, versionsPath)) {
      return Optional.empty();
    }
    List<Row> rows = spark.read().format("delta").load(versionsPath)
        .where(col("name").equalTo(name).and(col("training_run_id").equalTo(trainingRunId)))
        .select("version").collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getLong(0));
  }

  /** The next version number of a model (1 for a new one). */
  public long nextVersion(String name) {
    if (!DeltaTables.exists(spark, versionsPath)) {
      return 1;
    }
    Row max = spark.read().format("delta").load(versionsPath).where(col("name").equalTo(name))
        .agg(org.apache.spark.sql.functions.max("version")).first();
    return max.isNullAt(0) ? 1 : max.getLong(0) + 1;
  }

  /** Registers a dev version and its event; a second call for the same training run is a no-op. */
  public long registerDev(ModelVersion v, String who) {
    Optional<Long> existing = versionOfRun(v.name(), v.trainingRunId());
    if (existing.isPresent()) {
      return existing.get();
    }
    Row row = RowFactory.create(v.name(), v.version(), DEV, v.trainingRunId(), v.metrics(), v.trainingConfig(),
        v.dataVersion(), v.dataHash(), v.gitCommit(), v.inputSchema(), v.outputSchema(),
        v.expectedLatencyMsPer1000(), v.resources(), v.artefactUri(), v.artefactSha256(), Timestamp.from(v.createdAt()));
    List<RegistryEvent> registered = List.of(new RegistryEvent(java.util.UUID.randomUUID().toString(), v.name(),
        v.version(), "registered", null, DEV, who, null, "trained by run " + v.trainingRunId(), v.trainingRunId(),
        Instant.now()));
    spark.createDataFrame(List.of(row), VERSIONS).write().format("delta").mode("append")
        .option("userMetadata", RegistryEvents.toMetadata(registered)).save(versionsPath);
    events.append(registered);
    return v.version();
  }
}
