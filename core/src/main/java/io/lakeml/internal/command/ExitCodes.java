package io.lakeml.internal.command;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns an exception into its category's exit code and a message for humans: lakeml's own errors
 * print their message; anything else is a bug and prints its stack trace.
 */
public final class ExitCodes implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    ErrorCategory category = LakemlException.categoryOf(e);
    if (e instanceof LakemlException) {
      err.println("ERROR [" + category + "] " + e.getMessage());
    } else {
      err.println("ERROR [" + category + "] " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return category.exitCode();
  }

  /**
   * A command line with lakeml's exit-code conventions. Bad arguments exit with picocli's usage
   * code, 2, which is the USER code.
   */
  public static CommandLine commandLine(Object command) {
    return new CommandLine(command)
        .setExecutionExceptionHandler(new ExitCodes())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .registerConverter(LocalDate.class, ExitCodes::date);
  }

  /** A date option's value, with a message that says what a date looks like instead of Java's parser error. */
  static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      String marker = "could not be parsed: ";
      int at = e.getMessage().indexOf(marker);
      String why = at < 0 ? "" : " (" + e.getMessage().substring(at + marker.length()) + ")";
      throw new CommandLine.TypeConversionException("'" + value + "' is not a calendar date" + why
          + ": expected yyyy-MM-dd, such as 2026-01-31");
    }
  }
}
