package io.lakeml.score;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What scoring one date did. Counts reconcile: {@code rowsRead = rowsScored + rowsQuarantined}.
 *
 * @param skipped true when --resume found the date already scored with the same model, input and config
 * @param scoredVersion the Delta version of {@code scored_<dataset>} this date's commit made
 * @param metrics throughput, batch latency percentiles, variant shares and score summaries
 */
public record ScoreResult(
    String dataset,
    LocalDate date,
    String runId,
    String modelName,
    long modelVersion,
    Optional<Long> challengerVersion,
    boolean fallback,
    boolean skipped,
    long rowsRead,
    long rowsScored,
    long rowsQuarantined,
    Map<String, Long> reasons,
    Optional<Long> scoredVersion,
    Map<String, Double> metrics) {

  public String summary() {
    if (skipped) {
      return String.format("%s: already scored with %s v%d, the same input and config: skipped (--resume)%n",
          date, modelName, modelVersion);
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%s: read %,d = scored %,d + quarantined %,d; %s v%d%s%s; %.1f s, %,.0f rows/s, batch p99 %.1f ms; scored_%s version %s%n",
        date, rowsRead, rowsScored, rowsQuarantined, modelName, modelVersion,
        challengerVersion.map(c -> String.format(Locale.ROOT, " + challenger v%d (%.1f%% of rows)", c,
            100 * metrics.getOrDefault("challenger_share", 0.0))).orElse(""),
        fallback ? " FALLBACK" : "", metrics.getOrDefault("seconds", 0.0), metrics.getOrDefault("rows_per_second", 0.0),
        metrics.getOrDefault("batch_ms_p99", 0.0), dataset, scoredVersion.map(String::valueOf).orElse("-")));
    reasons.forEach((code, n) -> b.append(String.format("  quarantined %s: %,d%n", code, n)));
    return b.toString();
  }
}
