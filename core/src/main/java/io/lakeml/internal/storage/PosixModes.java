package io.lakeml.internal.storage;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.permission.FsPermission;

/** Hadoop's permission bits as java.nio's, both ways (the nine rwx bits; nothing else maps). */
final class PosixModes {
  /** java.nio's permissions in the order of their bits, from 0400 down to 0001. */
  private static final PosixFilePermission[] BY_BIT = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};

  private PosixModes() {}

  static boolean representable(FsPermission permission) {
    return (permission.toShort() & ~0777) == 0;
  }

  static Set<PosixFilePermission> of(FsPermission permission) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    int mode = permission.toShort();
    for (int i = 0; i < BY_BIT.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(BY_BIT[i]);
      }
    }
    return set;
  }

  static FsPermission of(Set<PosixFilePermission> set) {
    int mode = 0;
    for (int i = 0; i < BY_BIT.length; i++) {
      if (set.contains(BY_BIT[i])) {
        mode |= 0400 >> i;
      }
    }
    return new FsPermission((short) mode);
  }
}
