package io.lakeml.internal.data;

import static io.lakeml.errors.Preconditions.checkArgument;

import java.time.LocalDate;

/**
 * What {@link SyntheticFlights} generates. Rates are shares of rows, in [0, 1].
 *
 * @param drift 0 for the reference distribution; larger values shift hours later and flights longer
 * @param badTypeRate share of rows whose delay is text ("n/a"); any value above 0 makes the delay
 *     column a string column, as a broken export would
 */
public record SyntheticSpec(
    long rows,
    long seed,
    LocalDate start,
    int days,
    int partitions,
    double nullRate,
    double nanRate,
    double outOfRangeRate,
    double badTypeRate,
    double drift) {

  public SyntheticSpec {
    checkArgument(rows >= 0, "Cannot generate %s rows: must be >= 0", rows);
    checkArgument(days >= 1, "Cannot spread rows over %s days: must be >= 1", days);
    checkArgument(partitions >= 1, "Cannot use %s partitions: must be >= 1", partitions);
    for (double rate : new double[] {nullRate, nanRate, outOfRangeRate, badTypeRate}) {
      checkArgument(rate >= 0 && rate <= 1, "Cannot use a defect rate of %s: must be in [0, 1]", rate);
    }
    checkArgument(drift >= 0 && drift <= 1, "Cannot use drift %s: must be in [0, 1]", drift);
  }

  /** Clean reference data: the flights window, no defects, no drift. */
  public static SyntheticSpec clean(long rows, long seed) {
    return new SyntheticSpec(rows, seed, LocalDate.of(2001, 1, 1), 181, 4, 0, 0, 0, 0, 0);
  }

  public SyntheticSpec withDefects(double nulls, double nan, double outOfRange, double badTypes) {
    return new SyntheticSpec(rows, seed, start, days, partitions, nulls, nan, outOfRange, badTypes, drift);
  }

  public SyntheticSpec withDrift(double newDrift) {
    return new SyntheticSpec(rows, seed, start, days, partitions, nullRate, nanRate, outOfRangeRate, badTypeRate, newDrift);
  }

  public SyntheticSpec withWindow(LocalDate newStart, int newDays) {
    return new SyntheticSpec(rows, seed, newStart, newDays, partitions, nullRate, nanRate, outOfRangeRate, badTypeRate, drift);
  }
}
