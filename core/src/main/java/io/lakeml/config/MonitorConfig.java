package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.lakeml.errors.Errors;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of the monitor job: drift, prediction and performance bounds, operations and SLA
 * checks, what each alert rule does, the webhook and retraining requests.
 *
 * @param drift the input-drift bounds of every feature, by measure
 * @param featureBounds a feature's own bounds, overriding {@code drift} measure by measure
 * @param featureSkips measures not taken of a feature ({@code skip = [psi, jensen-shannon]}), e.g.
 *     one that is constant within a day, whose daily distribution always differs from the baseline's
 * @param datasetShare the share of features in alert at which the dataset counts as drifting
 * @param trailingDays also compare a date with the previous N scored dates (0: baseline only)
 * @param rollout when a gradual rollout's challenger is bad enough to halt it
 */
public record MonitorConfig(
    Map<Measure, Bounds> drift,
    Map<String, Map<Measure, Bounds>> featureBounds,
    Map<String, java.util.Set<Measure>> featureSkips,
    double datasetShare,
    int trailingDays,
    Bounds predictionPsi,
    Bounds positiveRateChange,
    Bounds confidenceChange,
    Bounds aucDrop,
    double minAuc,
    Operations operations,
    Sla sla,
    Map<AlertRule, RuleAction> rules,
    Webhook webhook,
    int retrainWindowDays,
    RolloutGuard rollout) {
  public static final String PATH = "lakeml.monitor";
  public static final String FEATURES = PATH + ".features";

  /** The input-drift measures, by their config names. */
  public enum Measure {
    PSI, JENSEN_SHANNON, WASSERSTEIN, NULL_RATE_CHANGE, UNSEEN_SHARE;

    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The metric name in {@code monitoring_metrics}. */
    public String metric() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A value's status: ok below warn, warn from warn, alert from alert. */
  public record Bounds(double warn, double alert) {
    public Status status(double value) {
      return value >= alert ? Status.ALERT : value >= warn ? Status.WARN : Status.OK;
    }
  }

  /** A metric's verdict, as stored in {@code monitoring_metrics.status}. */
  public enum Status {
    OK, WARN, ALERT;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Operations checks against the trailing scored dates. */
  public record Operations(int trailingDays, double latencyFactor, double maxErrorRate, double quarantineIncrease,
      double volumeChange) {}

  /**
   * The declared scoring SLA; an absent part is not checked.
   *
   * @param deadline how long after the start of the scored date (UTC) it must be scored
   */
  public record Sla(Optional<Double> latencyP99MsPer1000, Optional<Double> minRowsPerSecond,
      Optional<java.time.Duration> deadline, Optional<Double> availability) {}

  /** What a rule does when it fires. */
  public record RuleAction(boolean enabled, String severity, boolean blocking, boolean retrain) {}

  /**
   * The guard of a gradual rollout ({@code lakeml registry rollout}): each monitored date compares
   * the challenger with the champion on the headline metric (realized, else estimated) and halts
   * the rollout when the challenger is worse by more than {@code maxWorseningRelative} of the
   * champion's value, once it served at least {@code minRows} rows that date.
   */
  public record RolloutGuard(double maxWorseningRelative, long minRows) {}

  /** Where alerts are POSTed; the secret is a credential provider alias, never the secret itself. */
  public record Webhook(Optional<String> url, Optional<String> secretAlias, int timeoutMs, int retries) {}

  static MonitorConfig read(ConfigReader r) {
    Map<Measure, Bounds> drift = new EnumMap<>(Measure.class);
    for (Measure m : Measure.values()) {
      drift.put(m, bounds(r, PATH + ".drift." + m.key()));
    }
    r.freeForm(FEATURES);
    Config features = r.config().getConfig(FEATURES);
    return new MonitorConfig(
        Map.copyOf(drift),
        featureBounds(features, drift),
        featureSkips(features),
        r.doubleIn(PATH + ".drift.dataset-share", 0, 1),
        r.intAtLeast(PATH + ".drift.trailing-days", 0),
        bounds(r, PATH + ".prediction.psi"),
        bounds(r, PATH + ".prediction.positive-rate-change"),
        bounds(r, PATH + ".prediction.confidence-change"),
        bounds(r, PATH + ".performance.auc-drop"),
        r.doubleIn(PATH + ".performance.min-auc", 0, 1),
        new Operations(
            r.intAtLeast(PATH + ".operations.trailing-days", 1),
            r.doubleIn(PATH + ".operations.latency-factor", 1, Double.MAX_VALUE),
            r.doubleIn(PATH + ".operations.max-error-rate", 0, 1),
            r.doubleIn(PATH + ".operations.quarantine-increase", 0, 1),
            r.doubleIn(PATH + ".operations.volume-change", 0, Double.MAX_VALUE)),
        sla(r),
        rules(r),
        new Webhook(
            nonEmpty(r.string(PATH + ".webhook.url")),
            nonEmpty(r.string(PATH + ".webhook.secret-alias")),
            r.intAtLeast(PATH + ".webhook.timeout-ms", 1),
            r.intAtLeast(PATH + ".webhook.retries", 0)),
        r.intAtLeast(PATH + ".retrain-window-days", 1),
        new RolloutGuard(r.doubleIn(PATH + ".rollout.max-worsening-relative", 0, 1),
            r.longAtLeast(PATH + ".rollout.min-rows", 1)));
  }

  /** Whether {@code measure} is taken of {@code feature}. */
  public boolean measures(String feature, Measure measure) {
    return !featureSkips.getOrDefault(feature, java.util.Set.of()).contains(measure);
  }

  /** The bounds of {@code measure} for {@code feature}: its own, else the dataset-wide ones. */
  public Bounds bounds(String feature, Measure measure) {
    return featureBounds.getOrDefault(feature, Map.of()).getOrDefault(measure, drift.get(measure));
  }

  private static Bounds bounds(ConfigReader r, String path) {
    double warn = r.doubleIn(path + ".warn", 0, Double.MAX_VALUE);
    double alert = r.doubleIn(path + ".alert", 0, Double.MAX_VALUE);
    if (alert < warn) {
      throw Errors.invalidConfigValue(path + ".alert", alert, "must be >= " + path + ".warn (" + warn + ")");
    }
    return new Bounds(warn, alert);
  }

  private static Map<String, Map<Measure, Bounds>> featureBounds(Config features, Map<Measure, Bounds> defaults) {
    Map<String, Map<Measure, Bounds>> result = new LinkedHashMap<>();
    List<String> measures = Arrays.stream(Measure.values()).map(Measure::key).toList();
    for (String feature : features.root().keySet()) {
      Config own = features.getConfig(ConfigKeys.unquote(feature).contains(".") ? "\"" + feature + "\"" : feature);
      Map<Measure, Bounds> bounds = new EnumMap<>(Measure.class);
      for (Map.Entry<String, ConfigValue> e : own.root().entrySet()) {
        if (e.getKey().equals(SKIP)) {
          continue;
        }
        String key = FEATURES + "." + feature + "." + e.getKey();
        Measure m = Arrays.stream(Measure.values()).filter(x -> x.key().equals(e.getKey())).findFirst()
            .orElseThrow(() -> Errors.unknownConfigKey(key, nearest(FEATURES + "." + feature, e.getKey(),
                java.util.stream.Stream.concat(measures.stream(), java.util.stream.Stream.of(SKIP)).toList()),
                e.getValue().origin().description()));
        ConfigReader sub = new ConfigReader(own.withFallback(com.typesafe.config.ConfigFactory.parseMap(Map.of(
            e.getKey() + ".warn", defaults.get(m).warn(), e.getKey() + ".alert", defaults.get(m).alert()))));
        bounds.put(m, bounds(sub, e.getKey()));
      }
      result.put(feature, Map.copyOf(bounds));
    }
    return Map.copyOf(result);
  }

  private static final String SKIP = "skip";

  private static Map<String, java.util.Set<Measure>> featureSkips(Config features) {
    Map<String, java.util.Set<Measure>> result = new LinkedHashMap<>();
    for (String feature : features.root().keySet()) {
      String path = (feature.contains(".") ? "\"" + feature + "\"" : feature) + "." + SKIP;
      if (!features.hasPath(path)) {
        continue;
      }
      java.util.Set<Measure> skipped = java.util.EnumSet.noneOf(Measure.class);
      List<String> names;
      try {
        names = features.getStringList(path);
      } catch (com.typesafe.config.ConfigException e) {
        throw Errors.invalidConfigValue(FEATURES + "." + feature + "." + SKIP, features.getValue(path).unwrapped(),
            "must be a list of measures");
      }
      for (String name : names) {
        skipped.add(Arrays.stream(Measure.values()).filter(m -> m.key().equals(name)).findFirst()
            .orElseThrow(() -> Errors.invalidConfigValue(FEATURES + "." + feature + "." + SKIP, name,
                "must name measures among " + Arrays.stream(Measure.values()).map(Measure::key).toList())));
      }
      result.put(feature, java.util.Set.copyOf(skipped));
    }
    return Map.copyOf(result);
  }

  private static String nearest(String prefix, String key, List<String> candidates) {
    String n = ConfigKeys.nearest(key, candidates);
    return n == null ? null : prefix + "." + n;
  }

  private static Sla sla(ConfigReader r) {
    double latency = r.doubleIn(PATH + ".sla.latency-p99-ms-per-1000", 0, Double.MAX_VALUE);
    double throughput = r.doubleIn(PATH + ".sla.min-rows-per-second", 0, Double.MAX_VALUE);
    double availability = r.doubleIn(PATH + ".sla.availability", 0, 1);
    return new Sla(positive(latency), positive(throughput), deadline(r.string(PATH + ".sla.deadline")),
        positive(availability));
  }

  private static final Pattern DEADLINE = Pattern.compile("T\\+(\\d+) (\\d{1,2}):(\\d{2})");

  /** "T+1 06:00": one day and six hours after the start of the scored date (UTC). */
  static Optional<java.time.Duration> deadline(String value) {
    if (value.isBlank()) {
      return Optional.empty();
    }
    Matcher m = DEADLINE.matcher(value.trim());
    if (!m.matches()) {
      throw Errors.invalidConfigValue(PATH + ".sla.deadline", value,
          "must read T+<days> HH:MM (UTC after the scored date, e.g. T+1 06:00), or be empty");
    }
    LocalTime time;
    try {
      time = LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (java.time.DateTimeException e) {
      throw Errors.invalidConfigValue(PATH + ".sla.deadline", value, "must name a valid time of day (HH:MM)");
    }
    return Optional.of(java.time.Duration.ofDays(Long.parseLong(m.group(1))).plusSeconds(time.toSecondOfDay()));
  }

  private static Map<AlertRule, RuleAction> rules(ConfigReader r) {
    Map<AlertRule, RuleAction> rules = new EnumMap<>(AlertRule.class);
    rules.put(AlertRule.WEBHOOK_FAILED, new RuleAction(true, "warning", false, false));
    for (AlertRule rule : AlertRule.values()) {
      if (!rule.configurable()) {
        continue;
      }
      String p = PATH + ".alerts." + rule.key();
      String severity = r.string(p + ".severity");
      if (!severity.equals("warning") && !severity.equals("critical")) {
        throw Errors.invalidConfigValue(p + ".severity", severity, "must be warning or critical");
      }
      rules.put(rule, new RuleAction(r.bool(p + ".enabled"), severity, r.bool(p + ".blocking"), r.bool(p + ".retrain")));
    }
    return Map.copyOf(rules);
  }

  private static Optional<Double> positive(double value) {
    return value > 0 ? Optional.of(value) : Optional.empty();
  }

  private static Optional<String> nonEmpty(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
