package io.lakeml.config;

/**
 * Settings of {@code lakeml tune}.
 *
 * @param trials the budget: trials drawn from the space
 * @param parallelism trials fitted at once, one per Spark task (0: Spark's default parallelism)
 * @param sampleRows at most this many training rows (and a quarter as many validation rows), the
 *     same for every trial
 */
public record TuneConfig(int trials, long seed, int parallelism, int sampleRows, SearchSpace space) {

  static TuneConfig read(ConfigReader r) {
    return new TuneConfig(
        r.intAtLeast("lakeml.tune.trials", 1),
        r.longAtLeast("lakeml.tune.seed", Long.MIN_VALUE),
        r.intAtLeast("lakeml.tune.parallelism", 0),
        r.intAtLeast("lakeml.tune.sample-rows", 100),
        SearchSpace.read(r));
  }
}
