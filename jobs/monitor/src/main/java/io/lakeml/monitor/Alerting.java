package io.lakeml.monitor;

import io.lakeml.config.AlertRule;
import io.lakeml.config.MonitorConfig;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.monitoring.RetrainRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an alert raised for the first time: logged at WARN (a log-based pager sees it),
 * POSTed to the webhook if one is configured (a failure is itself recorded as a
 * {@code webhook-failed} alert, and the run carries on), and a retraining request opened when its
 * rule asks for one.
 */
final class Alerting {
  private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final MonitorConfig config;
  private final String runId;
  private final Optional<Webhook> webhook;
  private final List<String> requests = new ArrayList<>();
  private final List<String> webhookFailures = new ArrayList<>();

  Alerting(SparkSession spark, Lakehouse lakehouse, MonitorConfig config, String runId) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.config = config;
    this.runId = runId;
    this.webhook = Webhook.of(config.webhook(), spark.sparkContext().hadoopConfiguration());
  }

  void announce(List<AlertRules.MonitorAlert> fresh, MonitoringTables tables) {
    List<AlertRules.MonitorAlert> failures = new ArrayList<>();
    for (AlertRules.MonitorAlert a : fresh) {
      LOG.warn("ALERT [{}{}] {}", a.action().severity(), a.action().blocking() ? ", blocking" : "", a.message());
      webhook.flatMap(w -> w.send(a, runId)).ifPresent(why -> failures.add(webhookFailed(a, why)));
      if (a.action().retrain()) {
        RetrainRequests.Opening opening = new RetrainRequests.Opening(a.dataset(), a.date(), a.rule().key(), a.subject(),
            a.evidence().modelName(), a.evidence().modelVersion(), a.message());
        RetrainRequests.open(spark, lakehouse, opening, config.retrainWindowDays(), runId).ifPresent(id -> {
          LOG.warn("Retraining request {} opened for {} ({}): review it, see docs/RUNBOOK.md", id, a.dataset(),
              a.rule().key());
          requests.add(id);
        });
      }
    }
    if (!failures.isEmpty()) {
      failures.forEach(f -> webhookFailures.add(f.message()));
      tables.appendAlerts(failures);
    }
  }

  private AlertRules.MonitorAlert webhookFailed(AlertRules.MonitorAlert a, String why) {
    String message = "webhook " + webhook.map(Webhook::url).map(Object::toString).orElse("") + " failed for "
        + a.rule().key() + " on " + a.date() + ": " + why;
    LOG.warn("ALERT [warning] {}", message);
    return new AlertRules.MonitorAlert(a.dataset(), a.date(), AlertRule.WEBHOOK_FAILED, a.rule().key() + "/" + a.subject(),
        config.rules().get(AlertRule.WEBHOOK_FAILED), a.evidence(), message);
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  List<String> webhookFailures() {
    return List.copyOf(webhookFailures);
  }
}
