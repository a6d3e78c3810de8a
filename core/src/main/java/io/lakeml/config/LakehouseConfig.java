package io.lakeml.config;

/** Where the lakehouse lives. @param root an absolute URI (file:, s3a:, gs:, ...) */
public record LakehouseConfig(String root) {
  static LakehouseConfig read(ConfigReader r, LakemlHome home) {
    return new LakehouseConfig(home.resolve(r.nonEmptyString("lakeml.lakehouse.root")));
  }
}
