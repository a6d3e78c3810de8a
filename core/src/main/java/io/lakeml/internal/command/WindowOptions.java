package io.lakeml.internal.command;

import io.lakeml.dataset.DateWindow;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** {@code --date D | --from D1 --to D2}: the event dates a command works on. */
public final class WindowOptions {
  @Option(names = "--date", description = "One event date (yyyy-MM-dd).") LocalDate date;
  @Option(names = "--from", description = "First event date of a window (with --to).") LocalDate from;
  @Option(names = "--to", description = "Last event date of a window, inclusive.") LocalDate to;

  /** The window given, or {@link DateWindow#ALL} when none was; a USER error for a half pair. */
  public DateWindow window() {
    return DateWindow.fromOptions(date, from, to);
  }
}
