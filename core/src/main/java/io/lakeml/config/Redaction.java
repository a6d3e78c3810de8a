package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks secret-bearing settings before a config is printed, logged, hashed or written to a
 * manifest. A setting is secret when its key looks like one (secret, password, token, credential,
 * access/secret key); lakeml never needs such a value itself, but Spark or Hadoop properties passed
 * through {@code lakeml.spark.conf} might carry one.
 */
public final class Redaction {
  public static final String MASK = "*****";
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(secret|password|passwd|token|credential(?!s?\\.provider)|access[._-]?key|"
              + "session[._-]?key|private[._-]?key|sas[._-]?key|account[._-]?key).*");

  private Redaction() {}

  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches() && !key.toLowerCase().endsWith("provider.path");
  }

  public static Config redact(Config config) {
    Config result = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (isSecretKey(e.getKey())) {
        result = result.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(MASK));
      }
    }
    return result;
  }
}
