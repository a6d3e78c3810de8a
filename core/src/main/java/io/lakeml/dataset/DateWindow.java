package io.lakeml.dataset;

import io.lakeml.errors.Errors;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The event dates a run covers: all of them, or {@code [from, to]} inclusive. Reruns of the same
 * window replace exactly that window.
 */
public record DateWindow(Optional<LocalDate> from, Optional<LocalDate> to) {
  public static final DateWindow ALL = new DateWindow(Optional.empty(), Optional.empty());

  public static DateWindow of(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw Errors.invalidArgument("--to", to, "must not be before --from " + from);
    }
    return new DateWindow(Optional.of(from), Optional.of(to));
  }

  public static DateWindow day(LocalDate date) {
    return of(date, date);
  }

  /** From CLI options: {@code --date D}, or {@code --from D1 --to D2}, or nothing for all. */
  public static DateWindow fromOptions(LocalDate date, LocalDate from, LocalDate to) {
    if (date != null && (from != null || to != null)) {
      throw Errors.invalidArgument("--date", date, "cannot be combined with --from/--to");
    }
    if (date != null) {
      return day(date);
    }
    if ((from == null) != (to == null)) {
      throw Errors.invalidArgument(from == null ? "--to" : "--from", from == null ? to : from,
          "needs its pair: give both --from and --to");
    }
    return from == null ? ALL : of(from, to);
  }

  /**
   * The window a run on {@code dataset} covers: the one given, except for a dataset without an
   * event time, whose rows are keyed by the run's processing date: one date per run, today (UTC)
   * when none is given; a range only where {@code rangeAllowed} (a scoring backfill).
   */
  public static DateWindow forDataset(DatasetConfig dataset, DateWindow given, boolean rangeAllowed) {
    if (dataset.hasEventTime()) {
      return given;
    }
    if (given.isAll()) {
      return day(LocalDate.now(java.time.ZoneOffset.UTC));
    }
    if (!rangeAllowed && !given.from().equals(given.to())) {
      throw Errors.invalidArgument("--from", given.from().get(), "dataset " + dataset.name() + " has no event-time, "
          + "so each run is one window keyed by its processing date: give one --date (default: today)");
    }
    return given;
  }

  public boolean isAll() {
    return from.isEmpty();
  }

  /** A SQL predicate on a date column, "true" for all dates. */
  public String predicate(String dateColumn) {
    if (isAll()) {
      return "true";
    }
    return String.format("%s >= '%s' AND %s <= '%s'", dateColumn, from.get(), dateColumn, to.get());
  }

  /** Number of days covered, or 0 for all (a tag that keeps quality histories comparable). */
  public long days() {
    return isAll() ? 0 : ChronoUnit.DAYS.between(from.get(), to.get()) + 1;
  }

  @Override
  public String toString() {
    return isAll() ? "all dates" : from.get() + ".." + to.get();
  }
}
