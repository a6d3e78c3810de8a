package io.lakeml.train;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The recorded training log ({@code training-log.json} of the artefact) against a reproduction's,
 * epoch by epoch: train and validation loss must be equal as doubles. A version trained after a
 * resume recorded only the epochs it ran after the checkpoint; those are compared, and both runs
 * must have ended at the same epoch.
 */
record EpochComparison(int compared, Optional<String> difference) {

  static EpochComparison of(String recordedLogJson, List<EpochLog> reproduced) {
    TreeMap<Integer, double[]> recorded = new TreeMap<>();
    for (JsonElement e : new Gson().fromJson(recordedLogJson, JsonArray.class)) {
      JsonObject o = e.getAsJsonObject();
      recorded.put(o.get("epoch").getAsInt(), new double[] {o.get("trainLoss").getAsDouble(),
          o.get("validationLoss").getAsDouble()});
    }
    int compared = 0;
    for (EpochLog r : reproduced) {
      double[] was = recorded.get(r.epoch());
      if (was == null) {
        continue;
      }
      compared++;
      Optional<String> d = differ(r.epoch(), "train loss", was[0], r.trainLoss())
          .or(() -> differ(r.epoch(), "validation loss", was[1], r.validationLoss()));
      if (d.isPresent()) {
        return new EpochComparison(compared, d);
      }
    }
    int lastRecorded = recorded.isEmpty() ? 0 : recorded.lastKey();
    int lastReproduced = reproduced.isEmpty() ? 0 : reproduced.get(reproduced.size() - 1).epoch();
    if (lastRecorded != lastReproduced) {
      return new EpochComparison(compared, Optional.of(String.format(Locale.ROOT,
          "training log: the recorded run ended after epoch %d, the reproduction after epoch %d", lastRecorded,
          lastReproduced)));
    }
    return new EpochComparison(compared, Optional.empty());
  }

  private static Optional<String> differ(int epoch, String what, double recorded, double reproduced) {
    if (Double.doubleToLongBits(recorded) == Double.doubleToLongBits(reproduced)) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "training log: epoch %d %s: recorded %s, reproduced %s (difference %.3g)",
        epoch, what, recorded, reproduced, Math.abs(recorded - reproduced)));
  }
}
