package io.lakeml.internal.storage;

import org.apache.hadoop.fs.LocalFileSystem;

/**
 * The {@code file:} file system of lakeml's Spark sessions: Hadoop's checksummed local file
 * system over {@link NioRawLocalFileSystem}. Registered as {@code fs.file.impl}.
 */
public class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }
}
