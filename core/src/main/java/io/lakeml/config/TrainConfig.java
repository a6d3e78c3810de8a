package io.lakeml.config;

import io.lakeml.errors.Errors;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Settings of the train job.
 *
 * @param modelName empty: the dataset's name
 */
public record TrainConfig(
    Optional<String> modelName,
    Optional<LocalDate> from,
    Optional<LocalDate> to,
    double validationFraction,
    double testFraction,
    int workers,
    int roundsPerEpoch,
    int checkpointEveryRounds,
    NetworkConfig network) {

  static TrainConfig read(ConfigReader r) {
    String name = r.string("lakeml.train.model-name").trim();
    double validation = r.doubleIn("lakeml.train.validation-fraction", 0.01, 0.5);
    double test = r.doubleIn("lakeml.train.test-fraction", 0.01, 0.5);
    if (validation + test >= 0.9) {
      throw Errors.invalidConfigValue("lakeml.train.test-fraction", test,
          "validation and test together must leave at least 10% for training");
    }
    if (!name.isEmpty() && !name.matches("[a-z][a-z0-9_-]*")) {
      throw Errors.invalidConfigValue("lakeml.train.model-name", name, "must match [a-z][a-z0-9_-]*");
    }
    return new TrainConfig(
        name.isEmpty() ? Optional.empty() : Optional.of(name),
        date(r, "lakeml.train.from"),
        date(r, "lakeml.train.to"),
        validation,
        test,
        r.intAtLeast("lakeml.train.workers", 1),
        r.intAtLeast("lakeml.train.rounds-per-epoch", 1),
        r.intAtLeast("lakeml.train.checkpoint-every-rounds", 0),
        NetworkConfig.read(r));
  }

  private static Optional<LocalDate> date(ConfigReader r, String key) {
    String value = r.string(key).trim();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value));
    } catch (DateTimeParseException e) {
      throw Errors.invalidConfigValue(key, value, "must be a date yyyy-MM-dd or empty");
    }
  }
}
