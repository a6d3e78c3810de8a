package io.lakeml.internal.data;

import io.lakeml.config.SampleDataConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.util.Hashing;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real sample dataset (flights-3m.parquet from an npm package): fetched with {@code npm pack}
 * on first use, verified by SHA-256, kept in the git-ignored data folder.
 */
public final class SampleData {
  private static final Logger LOG = LoggerFactory.getLogger(SampleData.class);

  /**
   * Smaller public datasets of the same npm package, read by the example dataset configs in
   * {@code conf/datasets/}: file name (under {@code package/data/}) -> SHA-256.
   */
  public static final Map<String, String> EXAMPLES = Map.of(
      "penguins.json", "0facf769609f1205b82cbceb8238c36af3e6147a0ca0e163902cc6281ce3e917",
      "movies.json", "e63c499759e3b07b49563e036f55290f87feb56def8703ec049ca305ab1523d3",
      "weather.csv", "27219f1ca8dbd94c9b6f4b9f4f52ab2f1eb33dfdcf719cd9fc6481ed50b74549",
      "gapminder.json", "70630efd862153116c1518a098a5a3bc4ca8c9f037306f86fba282a2720909b9",
      "birdstrikes.csv", "45777edf69984b37599e73dbfb34dbc976055243547407214261a4fcb9466462");
  private static final String EXAMPLE_DIR = "package/data/";

  private SampleData() {}

  /** The local file, fetched and verified if it is not there yet. */
  public static Path ensure(SampleDataConfig config) {
    return ensure(config, config.entry(), config.sha256());
  }

  /**
   * When {@code sourcePath} (a dataset's source) is the sample dataset or one of the
   * {@link #EXAMPLES} in the sample data folder, fetches and verifies it if needed.
   */
  public static void ensureSource(SampleDataConfig config, String sourcePath) {
    if (!sourcePath.startsWith("file:")) {
      return;
    }
    Path source = java.nio.file.Paths.get(new org.apache.hadoop.fs.Path(sourcePath).toUri());
    if (source.equals(localFile(config))) {
      ensure(config);
    } else if (source.getParent() != null && source.getParent().equals(config.dir().toAbsolutePath())
        && EXAMPLES.containsKey(source.getFileName().toString())) {
      String name = source.getFileName().toString();
      ensure(config, EXAMPLE_DIR + name, EXAMPLES.get(name));
    }
  }

  private static Path ensure(SampleDataConfig config, String entry, String sha256) {
    Path target = config.dir().resolve(entry.substring(entry.lastIndexOf('/') + 1));
    if (Files.isRegularFile(target)) {
      verify(target, sha256);
      return target;
    }
    try {
      Files.createDirectories(config.dir());
      fetch(config, entry, target);
    } catch (IOException e) {
      throw Errors.storageFailed("write the sample dataset to", target.toString(), e);
    }
    verify(target, sha256);
    return target;
  }

  public static Path localFile(SampleDataConfig config) {
    String entry = config.entry();
    return config.dir().resolve(entry.substring(entry.lastIndexOf('/') + 1));
  }

  static void verify(Path file, String expected) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      String actual = Hashing.sha256(in);
      if (!actual.equals(expected)) {
        throw Errors.checksumMismatch(file.toString(), expected, actual);
      }
    } catch (IOException e) {
      throw Errors.storageFailed("read", file.toString(), e);
    }
  }

  private static void fetch(SampleDataConfig config, String entry, Path target) throws IOException {
    Path work = Files.createTempDirectory(config.dir(), ".npm-pack-");
    try {
      LOG.info("Fetching {} of the sample data package: npm pack {}", entry, config.npmPackage());
      Path tarball = npmPack(config.npmPackage(), work);
      Path partial = work.resolve(target.getFileName() + ".partial");
      extract(tarball, entry, partial, config.npmPackage());
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE); // never a half file in data/
      LOG.info("Sample dataset ready: {}", target);
    } finally {
      deleteRecursively(work);
    }
  }

  private static Path npmPack(String pkg, Path dir) throws IOException {
    List<String> command = List.of("npm", "pack", pkg, "--silent", "--pack-destination", dir.toString());
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw Errors.npmMissing();
    }
    String output = new String(p.getInputStream().readAllBytes());
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw Errors.npmFailed(pkg, p.isAlive() ? -1 : p.exitValue(), output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.npmFailed(pkg, -1, "interrupted");
    }
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".tgz")).findFirst()
          .orElseThrow(() -> Errors.npmFailed(pkg, 0, "no tarball was written: " + output));
    }
  }

  private static void extract(Path tarball, String entry, Path out, String pkg) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarball)))) {
      for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
        if (e.getName().equals(entry)) {
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          return;
        }
      }
    }
    throw Errors.sampleEntryMissing(pkg, entry);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
