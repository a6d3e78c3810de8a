package io.lakeml.testing;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Config files and loaders for tests, rooted in a temporary folder. */
public final class TestConfigs {
  private TestConfigs() {}

  /** The repository root (surefire passes it), where conf/ lives. */
  public static Path projectRoot() {
    String root = System.getProperty("lakeml.project.root");
    Path p = root == null ? Paths.get("").toAbsolutePath() : Paths.get(root);
    while (p != null && !Files.isDirectory(p.resolve("conf/datasets"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("Cannot find the repository root (no conf/datasets above)");
    }
    return p;
  }

  public static Path write(Path dir, String name, String hocon) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      // Written aside and moved into place: a test running two jobs at once rewrites the same
      // file while the other job reads it, and must never let it read a truncated file.
      Path aside = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.writeString(aside, hocon);
      Files.move(aside, file, REPLACE_EXISTING, ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loader whose relative paths resolve under {@code home}, reading {@code conf} there. */
  public static ConfigLoader loader(Path home, String hocon) {
    return ConfigLoader.create(new LakemlHome(home)).file(write(home, "test.conf", hocon));
  }

  /** A config with the flights dataset from the repository and the lakehouse under {@code home}. */
  public static LakemlConfig flights(Path home) {
    String dataset = projectRoot().resolve("conf/datasets/flights.conf").toString();
    return loader(home, "include file(\"" + dataset + "\")\nlakeml.lakehouse.root = \"lakehouse\"\n")
        .load();
  }
}
