package io.lakeml.train;

/**
 * One epoch of training as logged, stored with the model artefact.
 *
 * @param metric the name of {@code validationMetric} (the kind's headline: AUC, accuracy, R2)
 */
record EpochLog(int epoch, int epochs, double trainLoss, double validationLoss, String metric,
    double validationMetric, double examplesPerSecond, double seconds, double etaSeconds, boolean best) {

  String describe() {
    return String.format(java.util.Locale.ROOT,
        "epoch %d of %d: train loss %.4f, validation loss %.4f, %s %.4f, %,.0f examples/s, %.1f s%s%s",
        epoch, epochs, trainLoss, validationLoss, metric.toUpperCase(java.util.Locale.ROOT), validationMetric,
        examplesPerSecond, seconds,
        etaSeconds > 0 ? String.format(java.util.Locale.ROOT, ", about %.0f s left", etaSeconds) : "",
        best ? " (best so far)" : "");
  }
}
