package io.lakeml.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java.nio local file system against Hadoop's own, on the same files: every status field,
 * permissions set and read (umask, sticky bit), directories, symbolic links (dangling too),
 * listings, missing paths, and the create-then-rename of Delta's log store through a
 * {@link FileContext}. Each check runs the same calls on both and compares what they answer.
 */
class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;
  final Configuration conf = new Configuration();
  FileSystem hadoop;
  FileSystem nio;

  @BeforeEach
  void open() throws IOException {
    conf.set("fs.permissions.umask-mode", "022");
    hadoop = new RawLocalFileSystem();
    hadoop.initialize(java.net.URI.create("file:///"), conf);
    nio = new NioRawLocalFileSystem();
    nio.initialize(java.net.URI.create("file:///"), conf);
  }

  Path path(String name) {
    return new Path(dir.resolve(name).toUri());
  }

  /** Every field a FileStatus answers, as text (FileStatus.equals compares the path only). */
  static String fields(FileStatus s) throws IOException {
    return String.join("|", s.getPath().toString(), String.valueOf(s.getLen()), String.valueOf(s.isDirectory()),
        String.valueOf(s.isSymlink()), s.isSymlink() ? s.getSymlink().toString() : "-", String.valueOf(s.getReplication()),
        String.valueOf(s.getBlockSize()), String.valueOf(s.getModificationTime()), String.valueOf(s.getAccessTime()),
        String.valueOf(s.getPermission()), s.getOwner(), s.getGroup());
  }

  @Test
  void aCreatedFileAndDirectoryHaveTheSameStatusAndModeOnBoth() throws IOException {
    for (FileSystem fs : List.of(hadoop, nio)) {
      String tag = fs == nio ? "nio" : "hadoop";
      try (FSDataOutputStream out = fs.create(path(tag + "/a/file"), new FsPermission((short) 0666), true, 4096, (short) 1,
          1 << 20, null)) {
        out.write("twelve bytes".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(fs.mkdirs(path(tag + "/b/c"), new FsPermission((short) 0750))).isTrue();
    }
    for (String name : List.of("file", "a", "b/c")) {
      String relative = name.equals("file") ? "a/file" : name;
      FileStatus viaHadoop = hadoop.getFileStatus(path("hadoop/" + relative));
      FileStatus viaNio = nio.getFileStatus(path("nio/" + relative));
      assertThat(viaNio.getPermission()).as(name).isEqualTo(viaHadoop.getPermission());
      assertThat(fields(nio.getFileStatus(path("hadoop/" + relative)))).as(name).isEqualTo(fields(viaHadoop));
    }
    assertThat(nio.getFileStatus(path("nio/a/file")).getPermission()).hasToString("rw-r--r--"); // 0666 under umask 022
    assertThat(nio.getFileStatus(path("nio/b/c")).getPermission()).hasToString("rwxr-x---");
    assertThat(nio.getFileStatus(path("nio/a/file")).getLen()).isEqualTo(12);
  }

  @Test
  void aPermissionSetByOneIsReadTheSameByBoth() throws IOException {
    Files.writeString(dir.resolve("f"), "x");
    Files.createDirectory(dir.resolve("shared"));
    for (short mode : new short[] {0700, 0640, 0444, 0755, 0}) {
      nio.setPermission(path("f"), new FsPermission(mode));
      assertThat(hadoop.getFileStatus(path("f")).getPermission().toShort()).isEqualTo(mode);
      hadoop.setPermission(path("f"), new FsPermission((short) 0601));
      assertThat(nio.getFileStatus(path("f")).getPermission().toShort()).isEqualTo((short) 0601);
    }
    nio.setPermission(path("shared"), new FsPermission((short) 01777)); // sticky: chmod(1), as Hadoop does
    assertThat(fields(nio.getFileStatus(path("shared")))).isEqualTo(fields(hadoop.getFileStatus(path("shared"))));
    assertThat(nio.getFileStatus(path("shared")).getPermission().getStickyBit()).isTrue();
  }

  @Test
  void linksResolveAndDanglingLinksAreReportedAlike() throws IOException {
    Files.writeString(dir.resolve("target"), "0123456789");
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
    for (String name : List.of("target", "link", "dangling")) {
      // Hadoop reads a link by the path's text: a file: URI is never a link to it, a bare path is.
      for (Path p : List.of(path(name), new Path(dir.resolve(name).toString()))) {
        assertThat(answer(() -> nio.getFileLinkStatus(p))).as(p.toString()).isEqualTo(answer(() -> hadoop.getFileLinkStatus(p)));
      }
    }
    for (String name : List.of("link", "dangling")) {
      Path bare = new Path(dir.resolve(name).toString());
      assertThat(nio.getLinkTarget(bare)).as(name).isEqualTo(hadoop.getLinkTarget(bare));
    }
    for (FileSystem fs : List.of(hadoop, nio)) {
      assertThatThrownBy(() -> fs.getLinkTarget(path("link"))).hasMessageContaining("is not a symbolic link");
    }
    assertThat(nio.getFileLinkStatus(new Path(dir.resolve("link").toString())).isSymlink()).isTrue();
    assertThat(answer(() -> nio.getFileLinkStatus(path("dangling")))).startsWith("FileNotFoundException: File file:/");
    assertThat(fields(nio.getFileStatus(path("link")))).isEqualTo(fields(hadoop.getFileStatus(path("link"))));
    assertThat(nio.getFileStatus(path("link")).getLen()).isEqualTo(10); // the status of a link is its target's
  }

  @Test
  void listingsAndMissingPathsAnswerTheSame() throws IOException {
    for (String name : List.of("d/x", "d/y", "d/z/w")) {
      Files.createDirectories(dir.resolve(name).getParent());
      Files.writeString(dir.resolve(name), name);
    }
    String[] viaHadoop = Arrays.stream(hadoop.listStatus(path("d"))).map(s -> uncheck(s)).sorted().toArray(String[]::new);
    String[] viaNio = Arrays.stream(nio.listStatus(path("d"))).map(s -> uncheck(s)).sorted().toArray(String[]::new);
    assertThat(viaNio).hasSize(3).containsExactly(viaHadoop);
    for (FileSystem fs : List.of(hadoop, nio)) {
      assertThatThrownBy(() -> fs.getFileStatus(path("missing")))
          .isInstanceOf(FileNotFoundException.class).hasMessageContaining("missing").hasMessageContaining("does not exist");
      assertThatThrownBy(() -> fs.setPermission(path("missing"), new FsPermission((short) 0700)))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void deltasCreateThenRenameThroughAFileContextWritesTheSameFiles() throws Exception {
    Configuration viaNio = new Configuration(conf);
    viaNio.set("fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
    viaNio.set("fs.file.impl", NioLocalFileSystem.class.getName());
    viaNio.setBoolean("fs.file.impl.disable.cache", true);
    for (String tag : List.of("hadoop", "nio")) {
      FileContext fc = FileContext.getFileContext(path(tag).toUri(), tag.equals("nio") ? viaNio : conf);
      assertThat(tag.equals("nio") == (fc.getDefaultFileSystem() instanceof NioLocalFs)).as(tag).isTrue();
      Path temp = path(tag + "/_delta_log/.00000.json.tmp");
      try (FSDataOutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
        out.write("{\"commitInfo\":{}}\n".getBytes(StandardCharsets.UTF_8));
      }
      fc.rename(temp, path(tag + "/_delta_log/00000.json"), Options.Rename.NONE);
      assertThatThrownBy(() -> fc.rename(path(tag + "/_delta_log/00000.json"), path(tag + "/_delta_log/00000.json"),
          Options.Rename.NONE)).as("a commit never replaces another").isInstanceOf(IOException.class);
    }
    assertThat(FileSystem.get(path("x").toUri(), viaNio)).isInstanceOf(NioLocalFileSystem.class).isInstanceOf(LocalFileSystem.class);
    for (String file : List.of("_delta_log/00000.json", "_delta_log/.00000.json.crc")) {
      assertThat(Files.readAllBytes(dir.resolve("nio/" + file))).as(file).isEqualTo(Files.readAllBytes(dir.resolve("hadoop/" + file)));
      assertThat(nio.getFileStatus(path("nio/" + file)).getPermission())
          .isEqualTo(hadoop.getFileStatus(path("hadoop/" + file)).getPermission());
    }
    try (var left = Files.list(dir.resolve("nio/_delta_log")); var right = Files.list(dir.resolve("hadoop/_delta_log"))) {
      assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
          .isEqualTo(right.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /** A status's fields, or what it threw. */
  static String answer(java.util.concurrent.Callable<FileStatus> call) {
    try {
      return fields(call.call());
    } catch (Exception e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private String uncheck(FileStatus s) {
    try {
      return fields(s);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
