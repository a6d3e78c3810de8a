package io.lakeml.internal.source;

import io.lakeml.internal.lineage.DataRef;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Raw rows as read (with {@link RawSource#SOURCE_FILE}), exactly what was read, and how many rows
 * the source holds when that is known without a scan (Parquet footers), before any window.
 */
public record RawInput(Dataset<Row> rows, DataRef ref, OptionalLong sourceRows) {}
