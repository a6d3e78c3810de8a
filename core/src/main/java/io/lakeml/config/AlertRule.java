package io.lakeml.config;

import java.util.Locale;

/** The alert rules monitoring evaluates; each is configured under {@code lakeml.monitor.alerts.<key>}. */
public enum AlertRule {
  /** A feature's input drift reached its alert bound. */
  FEATURE_DRIFT,
  /** At least the configured share of features is in alert. */
  DATASET_DRIFT,
  /** The served value's distribution moved from its evaluation (PSI) or the positive rate did. */
  PREDICTION_DRIFT,
  /** The mean confidence moved from its evaluation. */
  CONFIDENCE_SHIFT,
  /** The realized AUC dropped below the evaluation's, or below the floor. */
  AUC_DROP,
  /** The confidence-based estimate of the AUC dropped below the evaluation's. */
  ESTIMATED_AUC_DROP,
  /** Batch latency p99 well above the trailing median. */
  LATENCY_SPIKE,
  /** Rows the model failed to score. */
  ERROR_RATE,
  /** The share of rows the serving contract quarantined rose above the trailing median's. */
  QUARANTINE_RATE,
  /** Rows scored far from the trailing median. */
  VOLUME_ANOMALY,
  /** A declared SLA was not met. */
  SLA_BREACH,
  /** The date was served by the previous production version. */
  FALLBACK,
  /** The webhook could not be reached (recorded, never sent to the webhook itself). */
  WEBHOOK_FAILED;

  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Rules with settings of their own (every rule but the webhook's own failure). */
  public boolean configurable() {
    return this != WEBHOOK_FAILED;
  }
}
