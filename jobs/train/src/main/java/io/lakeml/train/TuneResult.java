package io.lakeml.train;

import java.util.List;
import java.util.Locale;

/**
 * What a search produced: every trial of its budget in order (at the highest rung it reached), how
 * many fits were already recorded (a resumed search), the rungs, the best trial and the training
 * config written for it.
 */
public record TuneResult(String key, long dataVersion, int trainRows, int validationRows, List<TrialResult> trials,
    int resumed, int rungs, TrialResult best, String configPath) {

  public int bestTrial() {
    return best.trial();
  }

  public double bestMetric() {
    return best.validationMetric();
  }

  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Search %s on prepared data version %d: %d trials in %d rung(s) (%d fits "
        + "already recorded), each fitting %,d rows, validated on %,d%n", key, dataVersion, trials.size(), rungs, resumed,
        trainRows, validationRows));
    for (TrialResult t : trials) {
      String rung = rungs > 1 ? " (rung " + t.rung() + ")" : "";
      b.append(String.format(Locale.ROOT, "  %s trial %d%s: %s%n", t == best ? "*" : " ", t.trial(), rung, describe(t)));
    }
    b.append("Best: trial ").append(best.trial()).append(". Its training config: ").append(configPath)
        .append(System.lineSeparator())
        .append("Next: lakeml train --tuned ").append(configPath).append(System.lineSeparator());
    return b.toString();
  }

  static String describe(TrialResult t) {
    String values = t.values().replaceAll("\\s+", " ").replace("lakeml { train { network { ", "").replace(" } } }", "")
        .replace("[ ", "[").replace(" ]", "]").trim();
    if (!t.ok()) {
      return "failed (" + t.reason() + ") " + values;
    }
    return String.format(Locale.ROOT, "%s %.4f, loss %.4f, best epoch %d of %d, %.1f s; %s", t.metric(),
        t.validationMetric(), t.validationLoss(), t.bestEpoch(), t.epochsRun(), t.seconds(), values);
  }
}
