package io.lakeml.registry;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A gradual rollout: a staging version served as challenger to a share of rows that grows by a
 * schedule of scoring dates. The share of a date depends on the date alone, so a rerun of a date
 * reproduces its split; a halt stops the dates after the one that showed the challenger worse.
 *
 * @param steps the challenger's share of rows, in percent, of each step (increasing)
 * @param daysPerStep scoring dates each step lasts (the last step lasts until promotion or a halt)
 * @param start the first scoring date of the first step
 * @param haltedOn the monitored date that halted it
 */
public record Rollout(String name, long version, List<Integer> steps, int daysPerStep, LocalDate start, State state,
    Optional<LocalDate> haltedOn, String approvedBy, String reason) {

  /** Where a rollout is. */
  public enum State {
    ACTIVE, HALTED, COMPLETED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Of {@code rollouts} (newest start first), the one that decides {@code date}: the newest started by then. */
  public static Optional<Rollout> deciding(List<Rollout> rollouts, LocalDate date) {
    return rollouts.stream().filter(r -> !r.start().isAfter(date)).findFirst();
  }

  /** The challenger's share of the rows of {@code date}, in percent (0: not served that date). */
  public int share(LocalDate date) {
    if (date.isBefore(start) || state == State.COMPLETED || haltedOn.filter(date::isAfter).isPresent()) {
      return 0;
    }
    long step = ChronoUnit.DAYS.between(start, date) / daysPerStep;
    return steps.get((int) Math.min(step, steps.size() - 1));
  }

  /** The schedule in words, e.g. {@code 10% from 2001-05-01, 50% from 2001-05-03}. */
  public String schedule() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(steps.get(i)).append("% from ").append(start.plusDays((long) i * daysPerStep));
    }
    return b.toString();
  }

  /** Steps as given on the command line ({@code 10,50}), checked. */
  public static List<Integer> steps(String given) {
    List<Integer> steps = new java.util.ArrayList<>();
    for (String s : java.util.Arrays.stream(given.split(",")).map(String::trim).toList()) {
      int step;
      try {
        step = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw io.lakeml.errors.Errors.invalidRolloutSteps(given, "'" + s + "' is not a whole number");
      }
      if (step < 1 || step > 100) {
        throw io.lakeml.errors.Errors.invalidRolloutSteps(given, step + " is not between 1 and 100");
      }
      if (!steps.isEmpty() && step <= steps.get(steps.size() - 1)) {
        throw io.lakeml.errors.Errors.invalidRolloutSteps(given, "the steps must increase");
      }
      steps.add(step);
    }
    return List.copyOf(steps);
  }
}
