package io.lakeml.config;

/**
 * Settings of {@code lakeml tune}.
 *
 * @param trials the budget: trials drawn from the space
 * @param parallelism trials fitted at once, one per Spark task (0: Spark's default parallelism)
 * @param sampleRows at most this many training rows (and a quarter as many validation rows), the
 *     same for every trial
 * @param halvingRate successive halving: the share (1 / rate) of a rung's trials that go on to the
 *     next, which gives each of them rate times the epochs
 */
public record TuneConfig(int trials, long seed, int parallelism, int sampleRows, Method method, int halvingRate,
    SearchSpace space) {

  /** How trials are chosen: all drawn trials fitted in full, or successive halving of them. */
  public enum Method { RANDOM, HALVING }

  static TuneConfig read(ConfigReader r) {
    return new TuneConfig(
        r.intAtLeast("lakeml.tune.trials", 1),
        r.longAtLeast("lakeml.tune.seed", Long.MIN_VALUE),
        r.intAtLeast("lakeml.tune.parallelism", 0),
        r.intAtLeast("lakeml.tune.sample-rows", 100),
        r.oneOf("lakeml.tune.method", Method.class),
        r.intAtLeast("lakeml.tune.halving-rate", 2),
        SearchSpace.read(r));
  }
}
