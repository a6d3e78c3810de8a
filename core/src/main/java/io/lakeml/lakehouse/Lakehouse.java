package io.lakeml.lakehouse;

/**
 * The layout under the lakehouse root: Delta tables in {@code tables/<name>}, models, checkpoints,
 * metrics and reports in their own folders. The root is any Hadoop file system URI.
 */
public record Lakehouse(String root) {
  public String tablePath(String table) {
    return tablesRoot() + "/" + table;
  }

  public String tablesRoot() {
    return root + "/tables";
  }

  public String modelsRoot() {
    return root + "/models";
  }

  public String checkpointsRoot() {
    return root + "/checkpoints";
  }

  public String metricsRoot() {
    return root + "/metrics";
  }

  public String reportsRoot() {
    return root + "/reports";
  }
}
