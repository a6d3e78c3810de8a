package io.lakeml.internal.runs;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Run ids such as {@code prep-20261123T121500Z-3f9a1c}: sortable by time, unique, readable. */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  public static String next(String job, Instant at) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return job + "-" + STAMP.format(at) + "-" + HexFormat.of().formatHex(suffix);
  }
}
