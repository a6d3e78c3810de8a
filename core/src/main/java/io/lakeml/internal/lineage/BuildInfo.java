package io.lakeml.internal.lineage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build of lakeml is: its version, and the git commit it was built from (and whether the
 * work tree had uncommitted changes), captured at build time by the git-commit-id plugin.
 */
public record BuildInfo(String version, String gitCommit, boolean gitDirty) {
  private static final String UNKNOWN = "unknown";

  public static BuildInfo current() {
    Properties git = load("lakeml-git.properties");
    Properties build = load("lakeml-build.properties");
    return new BuildInfo(
        build.getProperty("lakeml.version", UNKNOWN),
        git.getProperty("git.commit.id.full", UNKNOWN),
        Boolean.parseBoolean(git.getProperty("git.dirty", "false")));
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // A missing build stamp must never fail a run; the manifest then says "unknown".
    }
    return p;
  }
}
