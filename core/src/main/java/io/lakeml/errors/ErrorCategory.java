package io.lakeml.errors;

/**
 * What kind of failure ended a run, and the process exit code that tells an orchestrator what to do
 * about it: retry only {@link #EXTERNAL}; stop and page a human on the others.
 */
public enum ErrorCategory {
  /** Arguments or configuration are wrong. Fix the command or the config file; a retry won't help. */
  USER(2),
  /** The input breaks its contract (schema, quality checks). Fix the data or the dataset config. */
  DATA(3),
  /** Evaluation refused the model. Not an error: the pipeline did its job; do not retry. */
  GATE(4),
  /** Storage, network or cluster failed. Worth a retry. */
  EXTERNAL(5),
  /** A bug in lakeml. Report it with the run id and the log. */
  INTERNAL(6);

  private final int exitCode;

  ErrorCategory(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
