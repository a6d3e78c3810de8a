package io.lakeml.monitor;

import io.lakeml.config.AlertRule;
import io.lakeml.config.MonitorConfig;
import io.lakeml.config.MonitorConfig.RuleAction;
import io.lakeml.config.MonitorConfig.Status;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which alert rules fire on a date's metrics: a rule fires on the rows in alert among the metrics
 * it watches, once per date and subject (a feature, a variant, or the date as a whole), with the
 * worst of them as its evidence.
 */
final class AlertRules {
  private static final Set<String> FEATURE_MEASURES =
      Set.of("psi", "jensen_shannon", "wasserstein", "null_rate_change", "unseen_share");
  private static final Map<String, AlertRule> BY_METRIC = Map.ofEntries(
      Map.entry(InputDrift.DATASET_DRIFT, AlertRule.DATASET_DRIFT),
      Map.entry("prediction_psi", AlertRule.PREDICTION_DRIFT),
      Map.entry("positive_rate_change", AlertRule.PREDICTION_DRIFT),
      Map.entry("confidence_change", AlertRule.CONFIDENCE_SHIFT),
      Map.entry("auc", AlertRule.AUC_DROP),
      Map.entry("auc_drop", AlertRule.AUC_DROP),
      Map.entry("estimated_auc_drop", AlertRule.ESTIMATED_AUC_DROP),
      Map.entry("latency_spike", AlertRule.LATENCY_SPIKE),
      Map.entry("error_rate", AlertRule.ERROR_RATE),
      Map.entry("quarantine_increase", AlertRule.QUARANTINE_RATE),
      Map.entry("volume_change", AlertRule.VOLUME_ANOMALY),
      Map.entry("sla_latency_p99_ms_per_1000", AlertRule.SLA_BREACH),
      Map.entry("sla_rows_per_second", AlertRule.SLA_BREACH),
      Map.entry("sla_deadline_met", AlertRule.SLA_BREACH),
      Map.entry("sla_availability", AlertRule.SLA_BREACH),
      Map.entry("fallback", AlertRule.FALLBACK));

  private AlertRules() {}

  /** The alerts of one date's metric rows, by the configured rules (disabled rules fire nothing). */
  static List<MonitorAlert> fire(String dataset, LocalDate date, List<MetricRow> rows, MonitorConfig config) {
    Map<String, List<MetricRow>> bySubject = new LinkedHashMap<>();
    Map<String, AlertRule> ruleOf = new LinkedHashMap<>();
    for (MetricRow r : rows) {
      if (r.status() != Status.ALERT) {
        continue;
      }
      AlertRule rule = !r.feature().isEmpty() && FEATURE_MEASURES.contains(r.metric())
          ? AlertRule.FEATURE_DRIFT : BY_METRIC.get(r.metric());
      if (rule == null || !config.rules().get(rule).enabled()) {
        continue;
      }
      // Drift of a feature, or of the dataset, is one alert whichever slices of the rows show it.
      String subject = rule == AlertRule.FEATURE_DRIFT ? r.feature()
          : rule == AlertRule.DATASET_DRIFT ? MetricRow.ALL : r.variant();
      String key = rule.key() + "\u0000" + subject;
      ruleOf.put(key, rule);
      bySubject.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    List<MonitorAlert> alerts = new ArrayList<>();
    bySubject.forEach((key, evidence) -> {
      AlertRule rule = ruleOf.get(key);
      MetricRow worst = evidence.stream()
          .max(java.util.Comparator.comparingDouble(r -> Double.isNaN(r.threshold()) || r.threshold() == 0
              ? r.value() : r.value() / r.threshold()))
          .orElseThrow();
      alerts.add(new MonitorAlert(dataset, date, rule, key.substring(key.indexOf('\u0000') + 1),
          config.rules().get(rule), worst, message(rule, worst, evidence)));
    });
    return alerts;
  }

  private static String message(AlertRule rule, MetricRow worst, List<MetricRow> evidence) {
    StringBuilder m = new StringBuilder();
    m.append(String.format(Locale.ROOT, "%s on %s: %s", rule.key(), worst.date(), describe(worst)));
    for (MetricRow r : evidence) {
      if (r != worst) {
        m.append("; ").append(describe(r));
      }
    }
    return m.toString();
  }

  private static String describe(MetricRow r) {
    String what = r.feature().isEmpty() ? r.metric() : r.metric() + " of " + r.feature();
    String bound = Double.isNaN(r.threshold()) ? "" : String.format(Locale.ROOT, " (alert bound %.4g)", r.threshold());
    String variant = r.variant().equals(MetricRow.ALL) ? "" : " [" + r.variant() + " v" + r.modelVersion() + "]";
    return String.format(Locale.ROOT, "%s = %.4g%s against %s%s", what, r.value(), bound, r.reference(), variant);
  }

  /** A fired rule: what it says and what the rule does about it. */
  record MonitorAlert(String dataset, LocalDate date, AlertRule rule, String subject, RuleAction action, MetricRow evidence,
      String message) {}
}
