package io.lakeml.evaluate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One evaluation of one version.
 *
 * @param production the production version compared against, if there was one
 */
public record EvaluationResult(
    String name,
    long version,
    Map<String, Double> metrics,
    Map<String, Map<String, Double>> slices,
    List<GateCheck> checks,
    Optional<Long> production,
    double latencyP50MsPer1000,
    double latencyP99MsPer1000) {

  public boolean passed() {
    return checks.stream().allMatch(GateCheck::passed);
  }

  String failures() {
    return checks.stream().filter(c -> !c.passed()).map(c -> "  - " + c.describe()).collect(Collectors.joining("\n"));
  }

  String checkSummary() {
    return checks.stream().map(GateCheck::describe).collect(Collectors.joining("; "));
  }

  public String summary() {
    StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "Evaluation of %s version %d: %s%n",
        name, version, passed() ? "PASSED (now staging)" : "FAILED (stays dev)"));
    metrics.forEach((k, v) -> b.append(String.format(java.util.Locale.ROOT, "  %-14s %.4f%n", k, v)));
    b.append(production.map(p -> "  compared with production version " + p + "\n")
        .orElse("  no production version: only value thresholds apply\n"));
    checks.forEach(c -> b.append("  gate ").append(c.describe()).append('\n'));
    b.append(String.format(java.util.Locale.ROOT, "  scoring latency per 1,000 rows: p50 %.2f ms, p99 %.2f ms%n",
        latencyP50MsPer1000, latencyP99MsPer1000));
    return b.toString();
  }
}
