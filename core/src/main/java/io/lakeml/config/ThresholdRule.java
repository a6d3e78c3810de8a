package io.lakeml.config;

import io.lakeml.errors.Errors;

/**
 * How evaluate chooses a binary model's decision threshold on the validation split (scoring then
 * uses the version's threshold).
 *
 * @param value the rule's parameter: the precision or recall to reach, the cost of a missed
 *     positive in false alarms, or the threshold itself (fixed); unused by max-f1
 */
public record ThresholdRule(Rule rule, double value) {
  public enum Rule {
    /** The threshold of the best F1. */
    MAX_F1,
    /** The lowest threshold whose precision reaches the value: the most recall at that precision. */
    PRECISION,
    /** The highest threshold whose recall reaches the value: the fewest false alarms at that recall. */
    RECALL,
    /** The least expected cost when a missed positive costs the value times a false alarm. */
    COST,
    /** The value itself. */
    FIXED
  }

  static ThresholdRule read(ConfigReader r) {
    Rule rule = r.oneOf("lakeml.evaluate.threshold.rule", Rule.class);
    double value = r.doubleIn("lakeml.evaluate.threshold.value", 0, 1_000_000);
    if ((rule == Rule.PRECISION || rule == Rule.RECALL || rule == Rule.FIXED) && !(value > 0 && value <= 1)) {
      throw Errors.invalidConfigValue("lakeml.evaluate.threshold.value", value,
          "must be in (0, 1] for rule " + rule.name().toLowerCase().replace('_', '-'));
    }
    if (rule == Rule.COST && !(value > 0)) {
      throw Errors.invalidConfigValue("lakeml.evaluate.threshold.value", value,
          "must be > 0 for rule cost (a missed positive costs this many false alarms)");
    }
    return new ThresholdRule(rule, value);
  }

  @Override
  public String toString() {
    String name = rule.name().toLowerCase().replace('_', '-');
    return rule == Rule.MAX_F1 ? name : name + " " + value;
  }
}
