package io.lakeml.dataset;

import io.lakeml.lineage.DataRef;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Raw rows as read (with {@link RawSource#SOURCE_FILE}), and exactly what was read. */
public record RawInput(Dataset<Row> rows, DataRef ref) {}
