package io.lakeml.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.NetworkConfig;
import io.lakeml.internal.features.InputLayout;
import io.lakeml.config.SearchSpace;
import io.lakeml.config.TuneConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.internal.model.ModelTask;
import io.lakeml.internal.runs.RunTracker;
import io.lakeml.internal.util.Hashing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tune: a seeded random search over {@code lakeml.train.network}, optionally by successive halving
 * ({@link Rungs}). The training input, split and
 * feature pipeline are those of {@code train}; every trial fits the same sample of the train split
 * on one worker, in one Spark task, and is scored on the same sample of the validation split.
 * Trials run in waves of {@code parallelism} tasks and each wave is committed to
 * {@code tuning_trials} before the next starts, so a killed search loses at most one wave and a
 * rerun runs only what is missing. The best trial (by the headline validation metric) is written
 * as a training config for {@code lakeml train --tuned}.
 */
public final class TuneJob {
  private static final Logger LOG = LoggerFactory.getLogger(TuneJob.class);

  /**
   * The best trial has the highest headline metric; a metric that could not be measured (an AUC on
   * a validation sample of one class) ranks last, then the lower loss wins, then the earlier trial.
   */
  static final Comparator<TrialResult> BY_MERIT = Comparator
      .comparingDouble((TrialResult t) -> Double.isNaN(t.validationMetric()) ? Double.NEGATIVE_INFINITY
          : t.validationMetric())
      .thenComparing(Comparator.comparingDouble(TrialResult::validationLoss).reversed())
      .thenComparing(Comparator.comparingInt(TrialResult::trial).reversed());

  private final SparkSession spark;
  private final LakemlConfig config;
  private final DatasetConfig dataset;
  private final Optional<Long> requestedVersion;
  private final RunTracker run;
  private final Lakehouse lakehouse;

  private TuneJob(SparkSession spark, LakemlConfig config, Optional<Long> dataVersion, RunTracker run) {
    this.spark = spark;
    this.config = config;
    this.dataset = config.requireDataset();
    this.requestedVersion = dataVersion;
    this.run = run;
    this.lakehouse = Lakehouse.of(config);
  }

  public static TuneJob create(SparkSession spark, LakemlConfig config, Optional<Long> dataVersion, RunTracker run) {
    return new TuneJob(spark, config, dataVersion, run);
  }

  public TuneResult run() {
    TuneConfig tune = config.tune();
    PreparedSplit prepared = PreparedSplit.read(spark, config, requestedVersion, run);
    TrainingInput input = prepared.input();
    ModelTask task = prepared.task();
    PipelineModel pipeline = prepared.pipeline();
    TrialData train = TrialData.of(pipeline, prepared.trainRows(), dataset, task, tune.sampleRows());
    TrialData validation = TrialData.of(pipeline, prepared.validationRows(), dataset, task, Math.max(1, tune.sampleRows() / 4));
    if (validation.size() == 0) {
      throw Errors.emptySplit("validation", input.table(), input.version(), input.window());
    }
    String key = key(input.version());
    InputLayout layout = InputLayout.of(pipeline, dataset.features());
    List<Trial> trials = trials(tune, layout, task);
    Map<List<Integer>, TrialResult> recorded = TuningTrials.recorded(spark, lakehouse, key);
    int resumed = (int) recorded.keySet().stream().filter(k -> k.get(1) < trials.size()).count();
    if (resumed > 0) {
      LOG.info("Search {}: {} fits already recorded in tuning_trials; running the rest", key, resumed);
    }
    Rungs rungs = tune.method() == TuneConfig.Method.HALVING ? Rungs.halving(trials.size(), tune.halvingRate())
        : Rungs.random();
    List<TrialResult> all = search(trials, rungs, recorded, new Fitting(train, validation, task, key, input.version()));
    run.metric("tune_key", key);
    run.metric("trials", trials.size());
    run.metric("trials_resumed", resumed);
    // The highest rung any trial finished well at: the last one, unless every trial there failed.
    TrialResult best = all.stream().filter(TrialResult::ok)
        .max(Comparator.comparingInt(TrialResult::rung).thenComparing(BY_MERIT))
        .orElseThrow(() -> Errors.noTrialSucceeded(key, all.size(), all.get(0).reason()));
    String path = lakehouse.tuningRoot() + "/" + dataset.name() + "/" + key + ".conf";
    TunedConfig.write(spark.sparkContext().hadoopConfiguration(), path, header(best, key, input, all.size() - 1),
        TunedConfig.renderNetwork(ConfigFactory.parseString(config.resolved().json()), trials.get(best.trial()).values()));
    run.metric("best_trial", best.trial());
    run.metric("best_" + best.metric(), best.validationMetric());
    run.output(DataRef.files("tuned-config", path, "the best trial's training config"));
    return new TuneResult(key, input.version(), train.size(), validation.size(), all, resumed, rungs.last() + 1, best,
        path);
  }

  /** What every fit of a search shares: its rows, the model's task, the search's key and data version. */
  private record Fitting(TrialData train, TrialData validation, ModelTask task, String key, long dataVersion) {}

  /**
   * Fits the trials rung by rung; the trials of each rung after the first are the best of the one
   * before. Returns each trial's result at the highest rung it reached, in trial order.
   */
  private List<TrialResult> search(List<Trial> trials, Rungs rungs, Map<List<Integer>, TrialResult> recorded,
      Fitting fitting) {
    Map<Integer, TrialResult> latest = new java.util.TreeMap<>();
    List<Trial> current = trials;
    for (int rung = 0; rung <= rungs.last() && !current.isEmpty(); rung++) {
      int r = rung;
      List<Trial> atRung = current.stream().map(t -> t.atRung(r, rungs.epochs(t.epochs(), r))).toList();
      List<TrialResult> results = fitRung(atRung, recorded, fitting);
      results.forEach(x -> latest.put(x.trial(), x));
      java.util.Set<Integer> kept = results.stream().filter(TrialResult::ok).sorted(BY_MERIT.reversed())
          .limit(rungs.survivors(trials.size(), rung + 1)).map(TrialResult::trial)
          .collect(java.util.stream.Collectors.toSet());
      current = current.stream().filter(t -> kept.contains(t.index())).toList();
    }
    return new ArrayList<>(latest.values());
  }

  /** The results of one rung's trials: those recorded, and the rest fitted in waves, each wave one commit. */
  private List<TrialResult> fitRung(List<Trial> trials, Map<List<Integer>, TrialResult> recorded, Fitting f) {
    Map<Integer, TrialResult> results = new java.util.TreeMap<>();
    trials.forEach(t -> {
      TrialResult done = recorded.get(List.of(t.rung(), t.index()));
      if (done != null) {
        results.put(t.index(), done);
      }
    });
    List<Trial> pending = trials.stream().filter(t -> !results.containsKey(t.index())).toList();
    if (!pending.isEmpty()) {
      JavaSparkContext sc = new JavaSparkContext(spark.sparkContext());
      int parallelism = config.tune().parallelism() > 0 ? config.tune().parallelism() : sc.defaultParallelism();
      Broadcast<TrialData> t = sc.broadcast(f.train());
      Broadcast<TrialData> v = sc.broadcast(f.validation());
      ModelTask task = f.task();
      try {
        for (int from = 0; from < pending.size(); from += parallelism) {
          List<Trial> wave = pending.subList(from, Math.min(pending.size(), from + parallelism));
          List<TrialResult> done = run.timed("trials", () -> sc.parallelize(wave, wave.size())
              .map(trial -> TrialFit.run(trial, t.value(), v.value(), task, TunedConfig.render(trial.values())))
              .collect());
          TuningTrials.append(spark, lakehouse, dataset.name(), f.key(), f.dataVersion(), run.runId(), done);
          done.forEach(r -> {
            results.put(r.trial(), r);
            LOG.info("Trial {}: {}", r.trial(), TuneResult.describe(r));
          });
        }
      } finally {
        t.destroy();
        v.destroy();
      }
    }
    return new ArrayList<>(results.values());
  }

  /** The trials of the budget, drawn from the seeded space, each with its network built. */
  private List<Trial> trials(TuneConfig tune, InputLayout layout, ModelTask task) {
    Config base = ConfigFactory.parseString(config.resolved().json());
    List<Trial> trials = new ArrayList<>();
    List<Map<String, Object>> draws = tune.space().draw(tune.trials(), tune.seed());
    for (int i = 0; i < draws.size(); i++) {
      NetworkConfig n = SearchSpace.network(base, draws.get(i));
      trials.add(new Trial(i, 0, draws.get(i), NetworkFactory.build(n, layout, task).toJson(), n.batchSize(),
          n.epochs(), n.patience(), n.seed()));
    }
    return trials;
  }

  /**
   * What determines every trial's result: the config and the data version. Not the parallelism;
   * nor, in a random search, the budget, so that a rerun with a larger one resumes (the epochs of
   * a halving search's rungs depend on its budget, so there it counts).
   */
  private String key(long dataVersion) {
    Config c = ConfigFactory.parseString(config.resolved().json()).withoutPath("lakeml.tune.parallelism");
    if (config.tune().method() == TuneConfig.Method.RANDOM) {
      c = c.withoutPath("lakeml.tune.trials");
    }
    return Hashing.sha256(c.root().render(ConfigRenderOptions.concise()) + "|" + dataVersion).substring(0, 16);
  }

  private String header(TrialResult best, String key, TrainingInput input, int lastTrial) {
    return String.format(java.util.Locale.ROOT,
        "lakeml tune %s: trial %d (of trials 0 to %d), validation %s %.4f (loss %.4f, best epoch %d), %s version %d.%n"
            + "Train with it: lakeml train --tuned <this file>", key, best.trial(), lastTrial, best.metric(),
        best.validationMetric(), best.validationLoss(), best.bestEpoch(), input.table(), input.version());
  }
}
