package io.lakeml.train;

import io.lakeml.config.NetworkConfig;
import io.lakeml.config.TrainConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Workers, averaging rounds and batch size adapted to the size of the train split, so that a table
 * of a hundred rows trains on defaults as one of millions does: every worker fits at least one
 * mini-batch in every round (no empty round, no average over nothing), a worker gets at least
 * {@link #MIN_ROWS_PER_WORKER} rows (below that, averaging only adds noise), and each round has
 * about {@link #BATCHES_PER_ROUND} mini-batches per worker (down to {@link #MIN_BATCH} rows
 * each). Large tables keep the configured values. The plan depends on the row count and the
 * config only, so training stays deterministic.
 */
record TrainingPlan(int workers, int rounds, int batchSize, List<String> changes) {
  static final int MIN_ROWS_PER_WORKER = 1024;
  static final int MIN_BATCH = 16;
  static final int BATCHES_PER_ROUND = 4;

  static TrainingPlan of(TrainConfig train, long rows) {
    List<String> changes = new ArrayList<>();
    int workers = (int) Math.max(1, Math.min(train.workers(), rows / MIN_ROWS_PER_WORKER));
    if (workers != train.workers()) {
      changes.add("workers " + train.workers() + " -> " + workers);
    }
    // Hash partitioning spreads rows unevenly over a few workers: plan for the smallest share.
    long perWorker = workers == 1 ? rows : Math.max(1, rows * 4 / (5L * workers));
    int batch = (int) Math.min(train.network().batchSize(),
        Math.max(MIN_BATCH, perWorker / ((long) train.roundsPerEpoch() * BATCHES_PER_ROUND)));
    if (batch != train.network().batchSize()) {
      changes.add("batch size " + train.network().batchSize() + " -> " + batch);
    }
    int rounds = (int) Math.max(1, Math.min(train.roundsPerEpoch(), perWorker / batch));
    if (rounds != train.roundsPerEpoch()) {
      changes.add("rounds per epoch " + train.roundsPerEpoch() + " -> " + rounds);
    }
    return new TrainingPlan(workers, rounds, batch, List.copyOf(changes));
  }

  /** The train settings with this plan's values. */
  TrainConfig apply(TrainConfig t) {
    NetworkConfig network = t.network().withBatchSize(batchSize);
    return new TrainConfig(t.modelName(), t.from(), t.to(), t.validationFraction(), t.testFraction(), workers, rounds,
        t.checkpointEveryRounds(), network);
  }
}
