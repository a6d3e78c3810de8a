package io.lakeml.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Each scored date: its run, the version that scored it, and rows read = scored + quarantined. */
public record ScoreRun(List<Date> dates) {
  public ScoreRun {
    dates = List.copyOf(dates);
  }

  public long rowsScored() {
    return dates.stream().mapToLong(Date::rowsScored).sum();
  }

  public long rowsQuarantined() {
    return dates.stream().mapToLong(Date::rowsQuarantined).sum();
  }

  /** One date's commit; {@code summary} is its line as the command line prints it. */
  public record Date(LocalDate date, String runId, long modelVersion, Optional<Long> challengerVersion,
      boolean fallback, long rowsRead, long rowsScored, long rowsQuarantined, String summary) {}
}
