package io.lakeml.monitor;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one monitor run found, date by date.
 *
 * @param retrainRequests retraining requests this run opened
 * @param webhookFailures alerts the webhook could not deliver (recorded in {@code alerts})
 * @param rolloutHalt the gradual rollout this run halted, and why
 */
public record MonitorResult(String dataset, String runId, List<Day> days, List<String> retrainRequests,
    List<String> webhookFailures, Optional<String> rolloutHalt) {
  public MonitorResult {
    days = List.copyOf(days);
    retrainRequests = List.copyOf(retrainRequests);
    webhookFailures = List.copyOf(webhookFailures);
  }

  /**
   * One date: how many metric rows and alerts (new ones: not raised by an earlier run), whether a
   * blocking rule fired, and its headline figures (the champion's realized and estimated AUC, the
   * share of features drifting).
   */
  public record Day(LocalDate date, int metrics, int alerts, int newAlerts, boolean blocking, Optional<Double> auc,
      Optional<Double> estimatedAuc, Optional<Double> driftShare) {}

  public int alerts() {
    return days.stream().mapToInt(Day::alerts).sum();
  }

  /** Whether a blocking alert fired on any date: the orchestrator stops promotion paths. */
  public boolean blocking() {
    return days.stream().anyMatch(Day::blocking);
  }

  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Monitored %s: %d date(s), %d alert(s)%s (run %s)%n", dataset, days.size(),
        alerts(), blocking() ? ", BLOCKING" : "", runId));
    s.append(String.format(Locale.ROOT, "  %-10s %8s %7s %9s %7s %6s%n", "date", "metrics", "auc", "est. auc", "drift",
        "alerts"));
    for (Day d : days) {
      s.append(String.format(Locale.ROOT, "  %-10s %8d %7s %9s %7s %6s%n", d.date(), d.metrics(), fmt(d.auc()),
          fmt(d.estimatedAuc()), d.driftShare().map(v -> String.format(Locale.ROOT, "%.0f%%", 100 * v)).orElse("-"),
          d.alerts() + (d.blocking() ? "!" : "")));
    }
    retrainRequests.forEach(id -> s.append("  retraining request opened: ").append(id)
        .append(" (lakeml sql \"SELECT * FROM retrain_requests\")\n"));
    webhookFailures.forEach(f -> s.append("  ").append(f).append('\n'));
    rolloutHalt.ifPresent(h -> s.append("  ").append(h).append('\n'));
    s.append("  Figures: lakeml sql \"SELECT * FROM monitoring_metrics WHERE dataset = '").append(dataset)
        .append("'\"\n");
    return s.toString();
  }

  private static String fmt(Optional<Double> v) {
    return v.map(x -> String.format(Locale.ROOT, "%.4f", x)).orElse("-");
  }
}
