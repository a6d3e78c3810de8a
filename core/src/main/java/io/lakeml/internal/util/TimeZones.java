package io.lakeml.internal.util;

/** Time zone facts lakeml's Spark sessions and contracts rely on. */
public final class TimeZones {
  private TimeZones() {}

  /** Whether {@code zone} (a Spark session time zone id) is UTC under any of its names. */
  public static boolean isUtc(String zone) {
    try {
      return java.time.ZoneId.of(zone).normalized().equals(java.time.ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }
}
