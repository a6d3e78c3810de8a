package io.lakeml.internal.lineage;

import java.util.Optional;

/**
 * One thing a run read or wrote.
 *
 * @param name a table name ({@code prepared_flights}) or {@code source}
 * @param path its absolute URI
 * @param deltaVersion the Delta version read or committed, for Delta tables
 * @param contentHash a hash of the content, where one is defined
 * @param detail anything else that pins it down (file sizes and modification times, row counts)
 */
public record DataRef(
    String name,
    String path,
    Optional<Long> deltaVersion,
    Optional<String> contentHash,
    String detail) {

  public static DataRef delta(String name, String path, long version, String contentHash) {
    return new DataRef(name, path, Optional.of(version), Optional.ofNullable(contentHash), "");
  }

  public static DataRef files(String name, String path, String detail) {
    return new DataRef(name, path, Optional.empty(), Optional.empty(), detail);
  }
}
