package io.lakeml.train;

/**
 * Where training is: everything a resumed run needs besides the arrays (parameters, updater
 * state, best parameters). Randomness is derived from (seed, epoch, round, partition), so the
 * seed and the position are the whole RNG state.
 *
 * @param epoch epochs completed
 * @param round rounds completed within the current epoch
 * @param iteration updater iterations so far (Adam's bias correction depends on it)
 */
record TrainingState(
    int epoch, int round, int iteration, double bestValidationLoss, int bestEpoch, int epochsWithoutImprovement, long seed) {

  static TrainingState start(long seed) {
    return new TrainingState(0, 0, 0, Double.MAX_VALUE, 0, 0, seed);
  }
}
