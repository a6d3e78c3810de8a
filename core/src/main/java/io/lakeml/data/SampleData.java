package io.lakeml.data;

import io.lakeml.config.SampleDataConfig;
import io.lakeml.errors.Errors;
import io.lakeml.lineage.Hashing;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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

  private SampleData() {}

  /** The local file, fetched and verified if it is not there yet. */
  public static Path ensure(SampleDataConfig config) {
    Path target = localFile(config);
    if (Files.isRegularFile(target)) {
      verify(target, config.sha256());
      return target;
    }
    try {
      Files.createDirectories(config.dir());
      fetch(config, target);
    } catch (IOException e) {
      throw Errors.storageFailed("write the sample dataset to", target.toString(), e);
    }
    verify(target, config.sha256());
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

  private static void fetch(SampleDataConfig config, Path target) throws IOException {
    Path work = Files.createTempDirectory(config.dir(), ".npm-pack-");
    try {
      LOG.info("Fetching the sample dataset: npm pack {}", config.npmPackage());
      Path tarball = npmPack(config.npmPackage(), work);
      Path partial = work.resolve(target.getFileName() + ".partial");
      extract(tarball, config.entry(), partial, config.npmPackage());
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
