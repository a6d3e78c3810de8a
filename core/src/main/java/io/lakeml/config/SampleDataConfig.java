package io.lakeml.config;

import java.nio.file.Path;

/** Where the real sample dataset comes from and where it is kept. */
public record SampleDataConfig(String npmPackage, String entry, String sha256, Path dir) {
  static SampleDataConfig read(ConfigReader r, LakemlHome home) {
    String sha = r.nonEmptyString("lakeml.sample-data.sha256");
    if (!sha.matches("[0-9a-f]{64}")) {
      throw io.lakeml.errors.Errors.invalidConfigValue(
          "lakeml.sample-data.sha256", sha, "must be 64 lower-case hex digits");
    }
    return new SampleDataConfig(
        r.nonEmptyString("lakeml.sample-data.npm-package"),
        r.nonEmptyString("lakeml.sample-data.entry"),
        sha,
        home.localPath(r.nonEmptyString("lakeml.sample-data.dir")));
  }
}
