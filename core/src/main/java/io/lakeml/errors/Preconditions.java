package io.lakeml.errors;

/** Argument checks that fail as INTERNAL errors: a caller inside lakeml broke a contract. */
public final class Preconditions {
  private Preconditions() {}

  public static void checkArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  public static void checkState(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(format, args));
    }
  }
}
