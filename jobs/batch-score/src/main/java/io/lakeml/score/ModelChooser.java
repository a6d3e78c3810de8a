package io.lakeml.score;

import static org.apache.spark.sql.functions.col;

import io.lakeml.config.LakemlConfig;
import io.lakeml.config.ScoreConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.errors.Errors;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.model.LoadedModel;
import io.lakeml.internal.monitoring.Alert;
import io.lakeml.internal.monitoring.Alerts;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the models of a run. Production by default: verified against its checksum, loaded and
 * health-checked; if any step fails, the previous production versions are tried newest first, the
 * first healthy one serves, and a critical alert is recorded. A version asked for by number gets
 * no fallback. A configured challenger that fails its check is dropped with a warning alert.
 */
final class ModelChooser {
  private static final Logger LOG = LoggerFactory.getLogger(ModelChooser.class);

  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final DatasetConfig dataset;
  private final ScoreConfig score;
  private final ModelRegistry registry;
  private final String name;
  private final String runId;
  private final List<String> notes = new ArrayList<>();
  private final Map<Long, Optional<ServedModel>> rolloutModels = new java.util.HashMap<>();
  private List<io.lakeml.registry.Rollout> rollouts;

  ModelChooser(SparkSession spark, LakemlConfig config, String runId) {
    this.spark = spark;
    this.lakehouse = Lakehouse.of(config);
    this.dataset = config.requireDataset();
    this.score = config.score();
    this.registry = new ModelRegistry(spark, lakehouse);
    this.name = config.train().modelName().orElse(dataset.name());
    this.runId = runId;
  }

  ServingPlan choose(Optional<Long> requested) {
    Map<Long, ModelStage> stages = registry.stages(name);
    ServedModel champion;
    boolean fallback = false;
    if (requested.isPresent()) {
      long v = requested.get();
      if (!stages.containsKey(v)) {
        throw Errors.unknownModelVersion(name, v);
      }
      champion = healthy(v, stages.get(v)).orElseThrow(() ->
          Errors.unhealthyRequestedVersion(name, v, lastProblem()));
    } else {
      long production = registry.production(name).orElseThrow(() -> Errors.nothingToServe(name));
      Optional<ServedModel> healthy = healthy(production, ModelStage.PRODUCTION);
      if (healthy.isEmpty()) {
        healthy = fallbackFor(production, stages);
        fallback = true;
      }
      champion = healthy.orElseThrow(() -> Errors.noHealthyModel(name, "  - " + String.join("\n  - ", notes)));
    }
    Optional<ServedModel> challenger = challenger(champion, stages);
    return new ServingPlan(champion, fallback, challenger, challenger.isPresent() ? score.challengerPercent() : 0,
        List.copyOf(notes));
  }

  private Optional<ServedModel> fallbackFor(long production, Map<Long, ModelStage> stages) {
    if (!score.fallback()) {
      notes.add("fallback is off (lakeml.score.fallback = false)");
      return Optional.empty();
    }
    for (long previous : registry.productionHistory(name)) {
      if (previous == production) {
        continue;
      }
      Optional<ServedModel> healthy = healthy(previous, stages.get(previous));
      if (healthy.isPresent()) {
        String message = String.format("%s v%d failed its health check (%s); the previous production version "
            + "v%d serves instead, and every row of this run says fallback = true", name, production,
            notes.get(0), previous);
        notes.add("FALLBACK: " + message);
        Alerts.record(spark, lakehouse, "score", runId, Alert.critical("fallback", dataset.name(), name, production, message));
        return healthy;
      }
    }
    if (registry.productionHistory(name).stream().noneMatch(v -> v != production)) {
      notes.add("there is no previous production version to fall back to");
    }
    return Optional.empty();
  }

  /**
   * The plan of one scoring date: {@code base}, or, when production serves, no challenger is
   * configured and a gradual rollout gives the date a share of rows, {@code base} with the
   * rollout's version as challenger at that share (loaded and health-checked once per version).
   */
  ServingPlan forDate(ServingPlan base, Optional<Long> requested, java.time.LocalDate date) {
    if (requested.isPresent() || score.challengerVersion().isPresent()) {
      return base;
    }
    if (rollouts == null) {
      rollouts = registry.rollouts(name); // read once per backfill, not once per date
    }
    Optional<io.lakeml.registry.Rollout> rollout = io.lakeml.registry.Rollout.deciding(rollouts, date);
    int share = rollout.map(r -> r.share(date)).orElse(0);
    if (share == 0) {
      return base;
    }
    long v = rollout.get().version();
    Optional<ServedModel> challenger = rolloutModels.computeIfAbsent(v,
        x -> challenger(x, base.champion(), registry.stages(name), "the rollout of lakeml registry rollout"));
    if (challenger.isEmpty()) {
      return base;
    }
    List<String> notes = new ArrayList<>(base.notes());
    notes.add(String.format("rollout of v%d: %d%% of the rows of %s (%s)", v, share, date, rollout.get().schedule()));
    return new ServingPlan(base.champion(), base.fallback(), challenger, share, List.copyOf(notes));
  }

  private Optional<ServedModel> challenger(ServedModel champion, Map<Long, ModelStage> stages) {
    Optional<Long> configured = score.challengerVersion();
    if (configured.isEmpty() || score.challengerPercent() == 0) {
      return Optional.empty();
    }
    return challenger(configured.get(), champion, stages, "lakeml.score.challenger.version");
  }

  /** Version {@code v} as challenger if it can be one (another version, healthy, the same outputs). */
  private Optional<ServedModel> challenger(long v, ServedModel champion, Map<Long, ModelStage> stages, String source) {
    if (v == champion.version() || !stages.containsKey(v)) {
      String why = v == champion.version() ? "it is the champion itself" : "the registry has no such version";
      notes.add("challenger v" + v + " ignored: " + why);
      Alerts.record(spark, lakehouse, "score", runId, Alert.warning("challenger_ignored", dataset.name(), name, v,
          "Challenger " + name + " v" + v + " ignored: " + why + " (" + source + ")"));
      return Optional.empty();
    }
    Optional<ServedModel> healthy = healthy(v, stages.get(v));
    if (healthy.isPresent() && !sameOutputs(healthy.get(), champion)) {
      String why = "it predicts " + describe(healthy.get()) + " where the champion predicts " + describe(champion);
      notes.add("challenger v" + v + " ignored: " + why);
      Alerts.record(spark, lakehouse, "score", runId, Alert.warning("challenger_ignored", dataset.name(), name, v,
          "Challenger " + name + " v" + v + " ignored: " + why + "; both must fill the same scored columns"));
      return Optional.empty();
    }
    if (healthy.isEmpty()) {
      Alerts.record(spark, lakehouse, "score", runId, Alert.warning("challenger_unhealthy", dataset.name(), name, v,
          "Challenger " + name + " v" + v + " failed its health check (" + lastProblem() + "); the champion serves every row"));
    }
    return healthy;
  }

  /** Whether two models fill the same scored columns: the same kind (and, for multiclass, classes to choose from). */
  private static boolean sameOutputs(ServedModel a, ServedModel b) {
    return a.task().kind() == b.task().kind();
  }

  private static String describe(ServedModel m) {
    return m.task().kind().name().toLowerCase() + (m.task().classifier() ? " (" + m.task().classes().size() + " classes)" : "");
  }

  /** Verifies, loads and health-checks a version; a failure becomes a note, not an exception. */
  private Optional<ServedModel> healthy(long version, ModelStage stage) {
    Row row = registry.versions().where(col("name").equalTo(name).and(col("version").equalTo(version))).first();
    try {
      LoadedModel model = LoadedModel.load(spark, row.getAs("artefact_uri"), row.getAs("artefact_sha256"));
      Optional<String> problem = HealthCheck.problem(spark, lakehouse, dataset, name, version, model, score);
      if (problem.isPresent()) {
        return unhealthy(version, problem.get());
      }
      notes.add(String.format("%s v%d (%s): checksum, load and health check passed", name, version, stage.label()));
      return Optional.of(new ServedModel(name, version, stage.label(), model, threshold(row)));
    } catch (LakemlException e) {
      return unhealthy(version, e.getMessage());
    } catch (RuntimeException e) {
      return unhealthy(version, "it cannot be loaded (" + e + ")");
    }
  }

  /** The version's decision threshold (registered when it was evaluated), unless the config sets one. */
  private double threshold(Row version) {
    if (score.threshold().isPresent()) {
      return score.threshold().get();
    }
    java.util.Map<String, Double> metrics = version.getJavaMap(version.fieldIndex("metrics"));
    Double chosen = metrics == null ? null : metrics.get(ModelRegistry.DECISION_THRESHOLD);
    return chosen == null ? ServedModel.DEFAULT_THRESHOLD : chosen;
  }

  private Optional<ServedModel> unhealthy(long version, String problem) {
    LOG.warn("{} v{} is not healthy: {}", name, version, problem);
    notes.add("v" + version + ": " + problem);
    return Optional.empty();
  }

  private String lastProblem() {
    String last = notes.get(notes.size() - 1);
    return last.substring(last.indexOf(": ") + 2);
  }
}
