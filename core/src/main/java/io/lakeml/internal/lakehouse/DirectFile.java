package io.lakeml.internal.lakehouse;

import java.io.Serializable;
import java.util.Map;

/**
 * A data file a task wrote, as the Delta log records it: its path relative to the table, its
 * partition values (Delta's string form), size, row count and Delta statistics JSON.
 */
public record DirectFile(String relativePath, Map<String, String> partitionValues, long size, long rows,
    String statsJson) implements Serializable {}
