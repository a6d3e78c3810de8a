package io.lakeml.api;

import io.lakeml.config.LakemlConfig;
import java.util.Map;

/**
 * Where a {@link Lakeml}'s configuration comes from: loaded as given, or again with more settings
 * on top, which an action needs when it trains on a retraining request's window or with a tuned
 * network. The command line loads its {@code --conf} and {@code --set}s this way.
 */
@FunctionalInterface
public interface ConfigSource {
  /** The configuration with {@code overrides} (key to HOCON value) on top; a USER error names a bad key. */
  LakemlConfig load(Map<String, String> overrides);
}
