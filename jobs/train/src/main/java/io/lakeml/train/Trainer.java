package io.lakeml.train;

import io.lakeml.config.TrainConfig;
import io.lakeml.internal.model.Batch;
import io.lakeml.internal.model.ModelTask;
import io.lakeml.internal.runs.RunTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The epoch loop: averaging rounds, validation, early stopping on validation loss, and a
 * checkpoint after every epoch (and every {@code checkpoint-every-rounds} rounds). Resumes from
 * the newest complete checkpoint of its run key.
 */
final class Trainer {
  private final JavaSparkContext sc;
  private final MultiLayerConfiguration conf;
  private final TrainConfig train;
  private final Checkpoints checkpoints;
  private final RunTracker run;
  private final ModelTask task;

  Trainer(JavaSparkContext sc, MultiLayerConfiguration conf, TrainConfig train, Checkpoints checkpoints, RunTracker run,
      ModelTask task) {
    this.sc = sc;
    this.conf = conf;
    this.train = train;
    this.checkpoints = checkpoints;
    this.run = run;
    this.task = task;
  }

  /**
   * The best parameters, how they scored (validation loss, and the kind's headline metric
   * {@code metric}: AUC, accuracy or R2), and the epoch log.
   */
  record Outcome(float[] best, double bestLoss, String metric, double bestMetric, int bestEpoch, List<EpochLog> log,
      Optional<String> resumedFrom) {}

  Outcome train(JavaRDD<List<Batch>> trainBatches, JavaRDD<List<Batch>> validation) {
    TrainJob.log().info("ND4J backend: {}", TrainJob.backendDescription());
    MultiLayerNetwork init = NetworkFactory.initialised(conf);
    float[] params = init.params().toFloatVector();
    float[] updater = init.getUpdater().getStateViewArray() == null ? new float[0]
        : init.getUpdater().getStateViewArray().toFloatVector();
    float[] best = params.clone();
    TrainingState state = TrainingState.start(train.network().seed());
    double bestAuc = Double.NaN;
    Optional<String> resumedFrom = Optional.empty();
    Optional<Checkpoints.Saved> saved = checkpoints.latest();
    if (saved.isPresent()) {
      Checkpoints.Saved s = saved.get();
      params = s.params();
      updater = s.updater();
      best = s.best();
      state = s.state();
      resumedFrom = Optional.of(checkpoints.dir() + "/" + s.name());
      TrainJob.log().info("Resuming from checkpoint {} (epoch {} done, round {})", resumedFrom.get(), state.epoch(), state.round());
      run.metric("resumed_from", resumedFrom.get());
    }
    ParameterAveraging averaging = new ParameterAveraging(sc, conf, task, train.roundsPerEpoch());
    List<EpochLog> log = new ArrayList<>();
    int epochs = train.network().epochs();
    int patience = train.network().patience();
    long started = System.nanoTime();
    int epochsRun = 0;
    while (state.epoch() < epochs && (patience == 0 || state.epochsWithoutImprovement() < patience)) {
      long epochStart = System.nanoTime();
      long examples = 0;
      double lossSum = 0;
      while (state.round() < train.roundsPerEpoch()) {
        ParameterAveraging.Averaged a = averaging.round(trainBatches, params, updater, state);
        Divergence.check(a, state, train.network());
        params = a.params();
        updater = a.updater();
        examples += a.examples();
        lossSum += a.meanLoss() * a.examples();
        state = new TrainingState(state.epoch(), state.round() + 1, state.iteration() + a.batches(),
            state.bestValidationLoss(), state.bestEpoch(), state.epochsWithoutImprovement(), state.seed());
        if (train.checkpointEveryRounds() > 0 && state.round() % train.checkpointEveryRounds() == 0
            && state.round() < train.roundsPerEpoch()) {
          checkpoints.write(state, params, updater, best);
        }
      }
      Validation.Metrics m = Validation.evaluate(sc, validation, conf.toJson(), params, task);
      Divergence.checkValidation(m, state.epoch() + 1, train.network());
      boolean improved = m.loss() < state.bestValidationLoss();
      if (improved) {
        best = params.clone();
        bestAuc = m.value();
      }
      int epoch = state.epoch() + 1;
      state = new TrainingState(epoch, 0, state.iteration(),
          improved ? m.loss() : state.bestValidationLoss(), improved ? epoch : state.bestEpoch(),
          improved ? 0 : state.epochsWithoutImprovement() + 1, state.seed());
      checkpoints.write(state, params, updater, best);
      epochsRun++;
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      double perEpoch = (System.nanoTime() - started) / 1e9 / epochsRun;
      EpochLog e = new EpochLog(epoch, epochs, examples == 0 ? Double.NaN : lossSum / examples, m.loss(), m.metric(),
          m.value(), examples / seconds, seconds, perEpoch * (epochs - epoch), improved);
      TrainJob.log().info(e.describe());
      log.add(e);
    }
    if (Double.isNaN(bestAuc)) { // resumed after the best epoch: measure the best parameters again
      bestAuc = Validation.evaluate(sc, validation, conf.toJson(), best, task).value();
    }
    return new Outcome(best, state.bestValidationLoss(), io.lakeml.internal.metrics.MetricCatalog.headline(task.kind()), bestAuc,
        state.bestEpoch(), log, resumedFrom);
  }
}
