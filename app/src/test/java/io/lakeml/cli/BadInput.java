package io.lakeml.cli;

/**
 * One entry of the bad-input catalogue: the job, what the user gave it, the exit code they get, a
 * part of what lakeml says, and what the run leaves behind (checked by {@code then}).
 */
record BadInput(String job, String input, int exit, String says, String leaves, Scenario scenario, Check then) {
  /** Runs the bad input; returns the exit code. */
  @FunctionalInterface
  interface Scenario {
    int run() throws Exception;
  }

  /** What must hold after the run. */
  @FunctionalInterface
  interface Check {
    void check() throws Exception;
  }

  static final Check NOTHING_MORE = () -> {};

  /** The exit code with its category's name, as the docs show it. */
  String outcome() {
    return switch (exit) {
      case 0 -> "0 (success)";
      case 2 -> "2 USER";
      case 3 -> "3 DATA";
      case 4 -> "4 GATE";
      case 5 -> "5 EXTERNAL";
      default -> exit + " (unexpected)";
    };
  }
}
