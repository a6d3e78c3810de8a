package io.lakeml.config;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The directory that relative paths in the configuration are resolved against: {@code LAKEML_HOME}
 * (the system property {@code lakeml.home} or the environment variable), else the working directory.
 */
public record LakemlHome(Path dir) {
  public static LakemlHome fromEnvironment() {
    String home = System.getProperty("lakeml.home", System.getenv("LAKEML_HOME"));
    Path dir = home == null || home.isBlank() ? Paths.get("") : Paths.get(home);
    return new LakemlHome(dir.toAbsolutePath().normalize());
  }

  /**
   * An absolute URI for a path or URI from the config; URIs with a scheme are kept as they are.
   * A local path becomes {@code file://} and the path as written, not percent-encoded: Spark,
   * Delta and Hadoop read these strings as Hadoop paths, which would take {@code %20} literally.
   */
  public String resolve(String pathOrUri) {
    if (hasScheme(pathOrUri)) {
      return stripTrailingSlash(pathOrUri);
    }
    return stripTrailingSlash("file://" + localPath(pathOrUri).toUri().getPath());
  }

  public Path localPath(String path) {
    return dir.resolve(path).toAbsolutePath().normalize();
  }

  static boolean hasScheme(String s) {
    try {
      String scheme = new URI(s).getScheme();
      return scheme != null && scheme.length() > 1; // "C:" is a drive, not a scheme
    } catch (Exception e) {
      return false;
    }
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") && !s.endsWith(":///") ? s.substring(0, s.length() - 1) : s;
  }
}
