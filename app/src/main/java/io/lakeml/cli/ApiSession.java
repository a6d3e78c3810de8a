package io.lakeml.cli;

import io.lakeml.api.Lakeml;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.Sessions;
import io.lakeml.config.LakemlConfig;

/** How a job command reaches the Java API: its {@code --conf}/{@code --set}s and a Spark session named for the job. */
final class ApiSession {
  private ApiSession() {}

  /** Loads the configuration (a USER error names a bad key before Spark starts), then starts Spark. */
  static Lakeml start(CommonOptions common, String job) {
    LakemlConfig config = common.load();
    return Lakeml.of(overrides -> overrides.isEmpty() ? config : common.load(overrides), Sessions.start(config, job));
  }
}
