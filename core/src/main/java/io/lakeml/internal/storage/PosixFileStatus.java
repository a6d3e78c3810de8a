package io.lakeml.internal.storage;

import java.io.DataOutput;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.Principal;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A local file's status whose permission, owner and group are read on first use, as Hadoop's own
 * local status reads them, but with one {@code stat} call from the JVM instead of {@code ls -ld}
 * (of the canonical path, as Hadoop runs it: a link answers with its target's mode).
 */
final class PosixFileStatus extends FileStatus {
  private static final long serialVersionUID = 1L;
  /** Linux's "unix" view gives the whole mode, sticky bit included; java.nio's posix view only rwx. */
  private static final boolean UNIX_VIEW = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  PosixFileStatus(BasicFileAttributes attributes, long blockSize, Path qualified) {
    super(attributes.size(), attributes.isDirectory(), 1, blockSize, attributes.lastModifiedTime().toMillis(),
        attributes.lastAccessTime().toMillis(), null, null, null, qualified);
  }

  private boolean loaded() {
    return !super.getOwner().isEmpty();
  }

  @Override
  public FsPermission getPermission() {
    load();
    return super.getPermission();
  }

  @Override
  public String getOwner() {
    load();
    return super.getOwner();
  }

  @Override
  public String getGroup() {
    load();
    return super.getGroup();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    load();
    super.write(out);
  }

  private synchronized void load() {
    if (loaded()) {
      return;
    }
    File file = new File(getPath().toUri());
    try {
      java.nio.file.Path path = file.toPath();
      if (UNIX_VIEW) {
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,owner,group");
        setPermission(new FsPermission((short) (((Integer) unix.get("mode")) & 01777)));
        setOwner(((Principal) unix.get("owner")).getName());
        setGroup(((Principal) unix.get("group")).getName());
      } else {
        PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class);
        setPermission(PosixModes.of(posix.permissions()));
        setOwner(posix.owner().getName());
        setGroup(posix.group().getName());
      }
    } catch (java.nio.file.NoSuchFileException gone) {
      // Hadoop's `ls -ld` of a vanished file leaves the status without permission, owner and group.
      setPermission(null);
      setOwner(null);
      setGroup(null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the permissions of " + file, e);
    }
  }
}
