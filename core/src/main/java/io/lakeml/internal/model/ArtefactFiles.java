package io.lakeml.internal.model;

import io.lakeml.errors.Errors;
import io.lakeml.internal.util.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files of a model artefact on any Hadoop file system, and its SHA-256 manifest: one line
 * {@code <sha256>  <relative path>} per file, sorted; the manifest's own hash is the artefact's.
 */
public final class ArtefactFiles {
  public static final String MANIFEST = "MANIFEST.sha256";

  private ArtefactFiles() {}

  /** Writes the manifest of every file under {@code dir}; returns the manifest's SHA-256. */
  public static String writeManifest(Configuration hadoop, String dir) {
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      String manifest = manifestText(fs, root);
      try (FSDataOutputStream out = fs.create(new Path(root, MANIFEST), true)) {
        out.write(manifest.getBytes(StandardCharsets.UTF_8));
      }
      return Hashing.sha256(manifest);
    } catch (IOException e) {
      throw Errors.storageFailed("write the manifest of", dir, e);
    }
  }

  /**
   * Checks an artefact against the checksum the registry holds: the manifest's hash, then every
   * file against the manifest. A missing, changed or truncated file is a DATA error naming it.
   */
  public static void verify(Configuration hadoop, String dir, String expectedSha256) {
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      Path manifest = new Path(root, MANIFEST);
      if (!fs.exists(manifest)) {
        throw Errors.corruptArtefact(dir, "its " + MANIFEST + " is missing");
      }
      String stored;
      try (InputStream in = fs.open(manifest)) {
        stored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!Hashing.sha256(stored).equals(expectedSha256)) {
        throw Errors.corruptArtefact(dir, "its manifest does not match the registered checksum " + expectedSha256);
      }
      String actual = manifestText(fs, root);
      if (!actual.equals(stored)) {
        throw Errors.corruptArtefact(dir, "files differ from the manifest: " + firstDifference(stored, actual));
      }
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      throw Errors.corruptArtefact(dir, "the file system's own checksum fails: " + e.getMessage());
    } catch (IOException e) {
      throw Errors.storageFailed("read the model artefact", dir, e);
    }
  }

  private static String firstDifference(String expected, String actual) {
    java.util.Set<String> a = new java.util.HashSet<>(List.of(actual.split("\n")));
    for (String line : expected.split("\n")) {
      if (!a.contains(line)) {
        return line.substring(line.indexOf("  ") + 2) + " (expected sha256 " + line.substring(0, Math.min(12, line.length())) + "...)";
      }
    }
    return "extra files";
  }

  static String manifestText(FileSystem fs, Path root) throws IOException {
    List<String> lines = new ArrayList<>();
    String prefix = fs.makeQualified(root).toString() + "/";
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      Path p = it.next().getPath();
      String rel = fs.makeQualified(p).toString().substring(prefix.length());
      if (!rel.equals(MANIFEST) && !p.getName().endsWith(".crc")) {
        lines.add(sha256(fs, p) + "  " + rel);
      }
    }
    lines.sort(String::compareTo);
    return String.join("\n", lines) + "\n";
  }

  private static String sha256(FileSystem fs, Path p) throws IOException {
    MessageDigest d = Hashing.newDigest();
    try (InputStream in = fs.open(p)) {
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** The text of {@code file}, empty when it does not exist. */
  public static java.util.Optional<String> readText(Configuration hadoop, String file) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        return java.util.Optional.empty();
      }
      try (InputStream in = fs.open(path)) {
        return java.util.Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.storageFailed("read", file, e);
    }
  }

  public static void writeText(Configuration hadoop, String file, String text) {
    Path p = new Path(file);
    try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw Errors.storageFailed("write", file, e);
    }
  }

  /** Moves a folder to another name, failing when that name is taken; false when there was no folder. */
  public static boolean moveAside(Configuration hadoop, String folder, String aside) {
    Path from = new Path(folder);
    Path to = new Path(aside);
    try {
      FileSystem fs = from.getFileSystem(hadoop);
      if (!fs.exists(from)) {
        return false;
      }
      if (fs.exists(to) || !fs.rename(from, to)) {
        throw new IOException("could not rename it to " + aside);
      }
      return true;
    } catch (IOException e) {
      throw Errors.storageFailed("move aside", folder, e);
    }
  }

  /** Moves a fully written temporary folder to its final name (atomic on HDFS and local disks). */
  public static void publish(Configuration hadoop, String tmp, String target) {
    Path from = new Path(tmp);
    Path to = new Path(target);
    try {
      FileSystem fs = from.getFileSystem(hadoop);
      fs.mkdirs(to.getParent());
      // Never in place: on an object store a rename onto an existing folder would move the files
      // into it instead of failing, as it does on HDFS or a local disk.
      if (fs.exists(to)) {
        throw new IOException(target + " exists already, and artefacts are never overwritten");
      }
      if (!fs.rename(from, to)) {
        throw new IOException("rename returned false (does " + target + " exist already?)");
      }
    } catch (IOException e) {
      throw Errors.storageFailed("publish the model artefact to", target, e);
    }
  }
}
