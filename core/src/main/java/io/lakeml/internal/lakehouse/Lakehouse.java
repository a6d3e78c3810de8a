package io.lakeml.internal.lakehouse;

import io.lakeml.config.LakemlConfig;

/**
 * The layout under the lakehouse root: Delta tables in {@code tables/<name>}, models, checkpoints,
 * metrics and reports in their own folders. The root is any Hadoop file system URI.
 */
public record Lakehouse(String root) {
  /** The lakehouse a configuration names ({@code lakeml.lakehouse.root}): the one way jobs build it. */
  public static Lakehouse of(LakemlConfig config) {
    return new Lakehouse(config.lakehouse().root());
  }

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

  /** The training configs lakeml tune writes. */
  public String tuningRoot() {
    return root + "/tuning";
  }

  public String reportsRoot() {
    return root + "/reports";
  }
}
