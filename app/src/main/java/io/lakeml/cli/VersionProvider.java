package io.lakeml.cli;

import io.lakeml.internal.lineage.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code lakeml --version}: the version and the commit it was built from. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    BuildInfo b = BuildInfo.current();
    return new String[] {
      "lakeml " + b.version() + " (commit " + b.gitCommit() + (b.gitDirty() ? ", dirty" : "") + ")"
    };
  }
}
