package io.lakeml.config;

import java.util.List;

/**
 * The baselines evaluate fits beside every candidate ({@code lakeml.evaluate.baseline}): models a
 * data scientist would try first, on the candidate's own training part and features, scored on
 * the same test rows, so the report can say how much the network adds.
 *
 * @param models which baselines (none: no baselines)
 * @param maxRows most training rows a baseline fits on (a seeded sample of the training part)
 * @param rounds most boosting rounds of the trees (early stopped on the validation part)
 * @param depth largest depth of a tree
 * @param learningRate shrinkage of each round (XGBoost's eta)
 * @param earlyStoppingRounds rounds without improvement on the validation part before stopping
 */
public record BaselineConfig(List<Model> models, int maxRows, int rounds, int depth, double learningRate,
    int earlyStoppingRounds) {

  /** A baseline model. */
  public enum Model {
    /** A regularised linear model: logistic, multinomial or least squares by the label's kind. */
    LINEAR,
    /** Gradient-boosted trees. */
    TREES
  }

  static BaselineConfig read(ConfigReader r) {
    String path = "lakeml.evaluate.baseline";
    List<String> names = r.stringList(path + ".models");
    List<Model> models = new java.util.ArrayList<>();
    for (String name : names) {
      Model m = java.util.Arrays.stream(Model.values()).filter(x -> x.name().equalsIgnoreCase(name)).findFirst()
          .orElseThrow(() -> io.lakeml.errors.Errors.invalidConfigValue(path + ".models", names,
              "each must be one of " + ConfigKeys.enumNames(Model.class)));
      if (models.contains(m)) {
        throw io.lakeml.errors.Errors.invalidConfigValue(path + ".models", names, name + " is listed twice");
      }
      models.add(m);
    }
    return new BaselineConfig(List.copyOf(models), r.intAtLeast(path + ".max-rows", 100),
        r.intAtLeast(path + ".rounds", 1), r.intAtLeast(path + ".depth", 1),
        r.doubleIn(path + ".learning-rate", 1e-6, 1.0), r.intAtLeast(path + ".early-stopping-rounds", 1));
  }
}
