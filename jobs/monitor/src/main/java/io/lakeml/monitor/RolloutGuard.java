package io.lakeml.monitor;

import io.lakeml.config.MonitorConfig;
import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.metrics.MetricCatalog;
import io.lakeml.registry.Rollout;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Guards a gradual rollout: on a date the rollout's challenger served, compares it with the
 * champion on the headline metric of the label's kind (binary AUC, multiclass accuracy, regression
 * RMSE), realized where labels are known, else estimated, and gives the relative worsening as a
 * metric row ({@code rollout_worsening}, variant challenger) whose alert status halts the rollout.
 */
final class RolloutGuard {
  static final String METRIC = "rollout_worsening";

  private final MonitorConfig.RolloutGuard guard;
  private final LabelKind kind;

  RolloutGuard(MonitorConfig.RolloutGuard guard, LabelKind kind) {
    this.guard = guard;
    this.kind = kind;
  }

  /**
   * The comparison of {@code date}, when the rollout gave its challenger rows that date (a halted
   * rollout's dates up to the halt are compared again on a rerun) and it served enough of them.
   */
  Optional<MetricRow> compare(LocalDate date, Rollout rollout, List<MetricRow> rows) {
    if (rollout.share(date) == 0) {
      return Optional.empty();
    }
    Optional<MetricRow> servedRows = find(rows, "challenger", "rows").filter(r -> r.modelVersion() == rollout.version());
    if (servedRows.isEmpty() || servedRows.get().value() < guard.minRows()) {
      return Optional.empty();
    }
    String headline = switch (kind) {
      case BINARY -> "auc";
      case MULTICLASS -> "accuracy";
      case REGRESSION -> "rmse"; // what monitoring measures of a regression each date
    };
    for (String metric : List.of(headline, "estimated_" + headline)) {
      Optional<MetricRow> challenger = find(rows, "challenger", metric);
      Optional<MetricRow> champion = find(rows, "champion", metric);
      if (challenger.isPresent() && champion.isPresent() && Math.abs(champion.get().value()) > 0) {
        double worse = MetricCatalog.worsening(kind, headline, challenger.get().value(), champion.get().value())
            / Math.abs(champion.get().value());
        boolean halt = worse > guard.maxWorseningRelative();
        return Optional.of(new MetricRow(date, challenger.get().modelName(), rollout.version(), "challenger", METRIC, "",
            worse, guard.maxWorseningRelative(), halt ? MonitorConfig.Status.ALERT : MonitorConfig.Status.OK,
            metric + " against champion v" + champion.get().modelVersion()));
      }
    }
    return Optional.empty();
  }

  /** Why a rollout stops, in words, from its alerting comparison. */
  static String why(MetricRow r) {
    return String.format(java.util.Locale.ROOT, "on %s the challenger v%d was %.1f%% worse than the champion on %s "
        + "(limit %.1f%%, lakeml.monitor.rollout.max-worsening-relative)", r.date(), r.modelVersion(), 100 * r.value(),
        r.reference(), 100 * r.threshold());
  }

  private static Optional<MetricRow> find(List<MetricRow> rows, String variant, String metric) {
    return rows.stream().filter(r -> r.variant().equals(variant) && r.metric().equals(metric) && r.feature().isEmpty())
        .findFirst();
  }
}
