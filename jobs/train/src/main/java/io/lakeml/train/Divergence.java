package io.lakeml.train;

import io.lakeml.config.NetworkConfig;
import io.lakeml.errors.Errors;

/**
 * Stops training at the first non-finite loss or parameter, naming the epoch and round and what to
 * change, instead of publishing a model of NaNs (which failed only later, at publish time).
 */
final class Divergence {
  private Divergence() {}

  static void check(ParameterAveraging.Averaged round, TrainingState at, NetworkConfig network) {
    if (round.examples() > 0 && !Double.isFinite(round.meanLoss())) {
      throw Errors.trainingDiverged(at.epoch() + 1, at.round() + 1, "the training loss is " + round.meanLoss(),
          network.learningRate());
    }
    for (float p : round.params()) {
      if (!Float.isFinite(p)) {
        throw Errors.trainingDiverged(at.epoch() + 1, at.round() + 1, "a parameter became " + p, network.learningRate());
      }
    }
  }

  static void checkValidation(Validation.Metrics m, int epoch, NetworkConfig network) {
    if (!Double.isFinite(m.loss())) {
      throw Errors.trainingDiverged(epoch, 0, "the validation loss is " + m.loss(), network.learningRate());
    }
  }
}
