package io.lakeml.errors;

import static java.util.Objects.requireNonNull;

/**
 * The one exception lakeml raises on purpose. Its category decides the exit code; its message says
 * what went wrong, why, and how to fix it. Build instances through {@link Errors}.
 */
public final class LakemlException extends RuntimeException {
  private final ErrorCategory category;

  LakemlException(ErrorCategory category, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.category = requireNonNull(category, "category");
  }

  public ErrorCategory category() {
    return category;
  }

  public int exitCode() {
    return category.exitCode();
  }

  /**
   * What Spark says when the cluster, not the job, failed: an executor or its shuffle files lost
   * (beyond Spark's own task retries), or the driver's context stopped under the job.
   */
  private static final java.util.List<String> CLUSTER_FAILURES = java.util.List.of("ExecutorLostFailure",
      "FetchFailed", "Lost executor", "SparkContext was shut down", "Executor heartbeat timed out",
      "Remote RPC client disassociated", "Could not find CoarseGrainedScheduler");

  /**
   * The category of any throwable: ours carry one; anything else is a bug unless it is plainly an
   * I/O failure, a conflict with a concurrent writer (Delta's concurrent-modification exceptions:
   * the other writer's commit won) or a lost part of the cluster, all worth a retry.
   */
  public static ErrorCategory categoryOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof LakemlException e) {
        return e.category();
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.io.IOException || c instanceof java.util.ConcurrentModificationException
          || lostCluster(c)) {
        return ErrorCategory.EXTERNAL;
      }
    }
    return ErrorCategory.INTERNAL;
  }

  private static boolean lostCluster(Throwable t) {
    String message = t.getMessage();
    return t instanceof org.apache.spark.SparkException && message != null
        && CLUSTER_FAILURES.stream().anyMatch(message::contains);
  }
}
