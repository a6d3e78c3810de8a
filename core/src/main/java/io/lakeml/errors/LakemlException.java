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
   * The category of any throwable: ours carry one; anything else is a bug unless it is plainly an
   * I/O failure or a conflict with a concurrent writer (Delta's concurrent-modification exceptions:
   * the other writer's commit won), both worth a retry.
   */
  public static ErrorCategory categoryOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof LakemlException e) {
        return e.category();
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.io.IOException || c instanceof java.util.ConcurrentModificationException) {
        return ErrorCategory.EXTERNAL;
      }
    }
    return ErrorCategory.INTERNAL;
  }
}
