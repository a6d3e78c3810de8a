package io.lakeml.dataset;

import java.util.Map;

/** Where the raw data is. @param path an absolute URI of a file, a folder or a Delta table */
public record SourceSpec(String path, SourceFormat format, Map<String, String> options) {}
