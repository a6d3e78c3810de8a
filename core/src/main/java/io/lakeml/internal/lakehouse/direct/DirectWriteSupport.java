package io.lakeml.internal.lakehouse.direct;

import io.lakeml.internal.lakehouse.StagedWrite;
import io.lakeml.internal.lakehouse.TableProperties;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * What lakeml's own Parquet writer may write without Delta's writer, as an allow-list (Delta
 * Kernel's {@code validateWriteSupportedTable}, Trino's {@code checkUnsupportedWriterFeatures}):
 * a table at protocol (1, 2) at most, so no CHECK constraints, generated or identity columns,
 * change data feed, column mapping, deletion vectors, row tracking or table features; only the
 * properties listed here; and column names Parquet can store as they are. Anything else is
 * written by Delta's writer, which honours it; nothing is ever committed around a table feature.
 */
public final class DirectWriteSupport {
  /** Properties that change nothing about how data files must be written or committed. */
  private static final Set<String> ALLOWED_PROPERTIES = Set.of(
      "delta.logRetentionDuration", "delta.deletedFileRetentionDuration", TableProperties.STATS_COLUMNS,
      "delta.checkpointInterval", "delta.checkpoint.writeStatsAsJson", "delta.checkpoint.writeStatsAsStruct",
      "delta.enableExpiredLogCleanup");

  private DirectWriteSupport() {}

  /**
   * Why the table behind {@code pending} (or the table a write with {@code wanted} properties and
   * {@code schema} would create) needs Delta's writer; empty when lakeml's writer may write it.
   */
  public static Optional<String> unsupported(StagedWrite.Pending pending, StructType schema, Map<String, String> wanted) {
    if (!TableProperties.columnMappingFor(schema).isEmpty()) {
      return Optional.of("column names that need Delta column mapping");
    }
    int[] protocol = pending.protocolVersions();
    if (protocol[0] > 1 || protocol[1] > 2) {
      return Optional.of("protocol (" + protocol[0] + ", " + protocol[1] + ") beyond (1, 2): table features, "
          + "constraints, change data feed, column mapping or generated columns");
    }
    for (Map<String, String> properties : java.util.List.of(pending.tableProperties(), wanted)) {
      for (Map.Entry<String, String> e : properties.entrySet()) {
        if (!allowed(e.getKey())) {
          return Optional.of("table property " + e.getKey() + " = " + e.getValue());
        }
      }
    }
    return Optional.empty();
  }

  private static boolean allowed(String key) {
    return ALLOWED_PROPERTIES.contains(key) || key.startsWith(TableProperties.NO_DICTIONARY);
  }
}
