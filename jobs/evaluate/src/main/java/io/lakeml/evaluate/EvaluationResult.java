package io.lakeml.evaluate;

import io.lakeml.internal.model.ModelTask;
import io.lakeml.registry.ModelStage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One evaluation of one version.
 *
 * @param measured the metrics on the test split (and a multiclass model's per-class detail)
 * @param threshold a binary model's decision threshold and why it was chosen
 * @param production the production version compared against, if there was one
 * @param baselines the baselines fitted on the same training part and measured on the same rows
 * @param stageBefore the version's stage when evaluated; a passing dev version moves to staging,
 *     every other stage stays as it was
 */
public record EvaluationResult(
    String name,
    long version,
    ModelTask task,
    Measured measured,
    Optional<ThresholdChoice.Chosen> threshold,
    Map<String, Map<String, Double>> slices,
    List<GateCheck> checks,
    Optional<Long> production,
    List<Baseline> baselines,
    double latencyP50MsPer1000,
    double latencyP99MsPer1000,
    ModelStage stageBefore) {

  public boolean passed() {
    return checks.stream().allMatch(GateCheck::passed);
  }

  public Map<String, Double> metrics() {
    return measured.metrics();
  }

  /** The version's stage after this evaluation. */
  public ModelStage stageAfter() {
    return passed() && stageBefore == ModelStage.DEV ? ModelStage.STAGING : stageBefore;
  }

  String failures() {
    return checks.stream().filter(c -> !c.passed()).map(c -> "  - " + c.describe()).collect(Collectors.joining("\n"));
  }

  String checkSummary() {
    return checks.stream().map(GateCheck::describe).collect(Collectors.joining("; "));
  }

  String verdict() {
    if (!passed()) {
      return "FAILED (stays " + stageBefore.label() + ")";
    }
    return stageBefore == ModelStage.DEV ? "PASSED (now staging)" : "PASSED (stays " + stageBefore.label() + ")";
  }

  /**
   * How much better the candidate is than a baseline on each metric with a direction (positive:
   * better; for a lower-is-better metric the baseline's value minus the candidate's).
   */
  public Map<String, Double> lift(Baseline baseline) {
    Map<String, Double> lift = new java.util.LinkedHashMap<>();
    metrics().forEach((metric, value) -> {
      Double other = baseline.metrics().get(metric);
      if (other != null && io.lakeml.internal.metrics.MetricCatalog.direction(task.kind(), metric)
          .filter(d -> d != io.lakeml.internal.metrics.MetricCatalog.Direction.NEITHER).isPresent()) {
        lift.put(metric, -io.lakeml.internal.metrics.MetricCatalog.worsening(task.kind(), metric, value, other));
      }
    });
    return lift;
  }

  private String baselineLine(Baseline x) {
    String headline = io.lakeml.internal.metrics.MetricCatalog.headline(task.kind());
    return String.format(java.util.Locale.ROOT, "  baseline %-7s %s %.4f, lift %+.4f (%s, %d rows, %d rounds, %.1f s)%n",
        x.name(), headline, x.metrics().getOrDefault(headline, Double.NaN),
        lift(x).getOrDefault(headline, Double.NaN), x.model(), x.trainingRows(), x.rounds(), x.fitSeconds());
  }

  public String summary() {
    StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "Evaluation of %s version %d (%s): %s%n",
        name, version, task.kind().name().toLowerCase(), verdict()));
    metrics().forEach((k, v) -> b.append(String.format(java.util.Locale.ROOT, "  %-24s %.4f%n", k, v)));
    threshold.ifPresent(t -> b.append(String.format(java.util.Locale.ROOT,
        "  decision threshold %.4f (%s, on the validation split)%n", t.threshold(), t.reason())));
    b.append(production.map(p -> p == version ? "  this version is in production: no comparison with itself\n"
        : "  compared with production version " + p + "\n")
        .orElse("  no production version: only value thresholds apply\n"));
    baselines.forEach(x -> b.append(baselineLine(x)));
    checks.forEach(c -> b.append("  gate ").append(c.describe()).append('\n'));
    b.append(String.format(java.util.Locale.ROOT, "  scoring latency per 1,000 rows: p50 %.2f ms, p99 %.2f ms%n",
        latencyP50MsPer1000, latencyP99MsPer1000));
    return b.toString();
  }
}
