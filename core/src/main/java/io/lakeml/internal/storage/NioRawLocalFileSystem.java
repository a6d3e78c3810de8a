package io.lakeml.internal.storage;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.hadoop.fs.FSLinkResolver;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system with its permission and link calls made through java.nio rather
 * than a child process.
 *
 * <p>Without Hadoop's native library (which no Maven artifact ships), {@link RawLocalFileSystem}
 * runs {@code chmod} after every file and directory it creates, {@code ls -ld} for every
 * permission it reads and {@code readlink} before every rename: about 2,000 processes for one
 * small dataset's prep, train, evaluate and score, a tenth of the CPU. The same system calls
 * made from the JVM give the same file modes, owners and link targets. Everything else (reads,
 * writes, rename, delete, listing) is Hadoop's own code. {@code lakeml.spark.local-file-system =
 * hadoop} keeps Hadoop's classes.
 */
public class NioRawLocalFileSystem extends RawLocalFileSystem {

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    if (!PosixModes.representable(permission)) {
      super.setPermission(p, permission); // sticky or set-id bits: chmod(1) as Hadoop does
      return;
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixModes.of(permission));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + p + " does not exist");
    }
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    File file = pathToFile(f);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file.toPath(), BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + f + " does not exist");
    }
    Path qualified = new Path(file.getPath()).makeQualified(getUri(), getWorkingDirectory());
    return new PosixFileStatus(attributes, getDefaultBlockSize(f), qualified);
  }

  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    FileStatus status = linkStatus(f);
    if (status.isSymlink()) {
      status.setSymlink(FSLinkResolver.qualifySymlinkTarget(getUri(), status.getPath(), status.getSymlink()));
    }
    return status;
  }

  @Override
  public Path getLinkTarget(Path f) throws IOException {
    return linkStatus(f).getSymlink();
  }

  /**
   * Hadoop's status of a path that may be a link, link target unqualified. Like Hadoop's
   * {@code readlink}, it reads the path's text as a file name ({@code f.toString()}), so a
   * qualified {@code file:} path is never taken for a link, exactly as Hadoop answers.
   */
  private FileStatus linkStatus(Path f) throws IOException {
    java.nio.file.Path link = new File(f.toString()).toPath();
    if (!Files.isSymbolicLink(link)) {
      return getFileStatus(f);
    }
    Path target = new Path(Files.readSymbolicLink(link).toString());
    try {
      FileStatus resolved = getFileStatus(f);
      return new FileStatus(resolved.getLen(), false, resolved.getReplication(), resolved.getBlockSize(),
          resolved.getModificationTime(), resolved.getAccessTime(), resolved.getPermission(), resolved.getOwner(),
          resolved.getGroup(), target, f);
    } catch (FileNotFoundException dangling) {
      return new FileStatus(0, false, 0, 0, 0, 0, FsPermission.getDefault(), "", "", target, f);
    }
  }
}
