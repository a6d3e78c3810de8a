package io.lakeml.train;

import java.util.List;
import java.util.Optional;

/**
 * What a training run produced.
 *
 * @param resumedFrom the checkpoint it resumed from, if any
 */
public record TrainResult(
    String modelName,
    long version,
    String artefactUri,
    String artefactSha256,
    long dataVersion,
    String dataHash,
    long trainRows,
    long validationRows,
    int parameterCount,
    double bestValidationLoss,
    String validationMetric,
    double bestValidationMetric,
    int bestEpoch,
    List<String> epochLog,
    Optional<String> resumedFrom,
    float[] parameters) {

  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(java.util.Locale.ROOT, "Trained %s version %d (dev) on prepared data version %d%n", modelName, version, dataVersion));
    resumedFrom.ifPresent(c -> b.append("  resumed from checkpoint ").append(c).append(System.lineSeparator()));
    epochLog.forEach(l -> b.append("  ").append(l).append(System.lineSeparator()));
    b.append(String.format(java.util.Locale.ROOT, "  best epoch %d: validation loss %.4f, %s %.4f; %,d parameters%n",
        bestEpoch, bestValidationLoss, validationMetric.toUpperCase(java.util.Locale.ROOT), bestValidationMetric,
        parameterCount));
    b.append("  artefact ").append(artefactUri).append(" (sha256 ").append(artefactSha256).append(')').append(System.lineSeparator());
    return b.toString();
  }
}
