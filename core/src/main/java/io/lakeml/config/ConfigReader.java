package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.lakeml.errors.Errors;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validated reads from a resolved config. Every read is recorded, so a test can prove that
 * each key of the reference config maps to a field (no dead keys) and the loader can refuse keys
 * nothing reads. Bad values fail as USER errors that name the key, the value and the rule.
 */
public final class ConfigReader {
  private final Config config;
  private final Set<String> readPaths = new LinkedHashSet<>();

  public ConfigReader(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  /** Paths read so far, leaf keys and free-form objects alike. */
  public Set<String> readPaths() {
    return Set.copyOf(readPaths);
  }

  public boolean has(String path) {
    return config.hasPath(path);
  }

  public String string(String path) {
    return read(path, () -> config.getString(path), "a string");
  }

  public String nonEmptyString(String path) {
    String value = string(path);
    if (value.isBlank()) {
      throw Errors.invalidConfigValue(path, value, "must not be empty");
    }
    return value;
  }

  public boolean bool(String path) {
    return read(path, () -> config.getBoolean(path), "true or false");
  }

  public int intAtLeast(String path, int min) {
    int value = read(path, () -> config.getInt(path), "an integer");
    if (value < min) {
      throw Errors.invalidConfigValue(path, value, "must be >= " + min);
    }
    return value;
  }

  public long longAtLeast(String path, long min) {
    long value = read(path, () -> config.getLong(path), "an integer");
    if (value < min) {
      throw Errors.invalidConfigValue(path, value, "must be >= " + min);
    }
    return value;
  }

  public double doubleIn(String path, double min, double max) {
    double value = read(path, () -> config.getDouble(path), "a number");
    if (!(value >= min && value <= max)) {
      throw Errors.invalidConfigValue(path, value, "must be between " + min + " and " + max);
    }
    return value;
  }

  public <E extends Enum<E>> E oneOf(String path, Class<E> type) {
    String value = string(path);
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.replace('-', '_'))) {
        return e;
      }
    }
    throw Errors.invalidConfigValue(path, value, "must be one of " + ConfigKeys.enumNames(type));
  }

  public List<String> stringList(String path) {
    return read(path, () -> List.copyOf(config.getStringList(path)), "a list of strings");
  }

  public List<Integer> intList(String path) {
    return read(path, () -> List.copyOf(config.getIntList(path)), "a list of integers");
  }

  /** A free-form map of string settings (e.g. Spark properties), read whole. */
  public Map<String, String> stringMap(String path) {
    Map<String, String> result = new LinkedHashMap<>();
    Config sub = read(path, () -> config.getConfig(path), "an object");
    for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
      result.put(ConfigKeys.unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    return Map.copyOf(result);
  }

  /** Records a free-form object as read (its contents are validated by its own reader). */
  public void freeForm(String path) {
    read(path, () -> config.getConfig(path), "an object");
  }

  private <T> T read(String path, java.util.function.Supplier<T> getter, String expected) {
    readPaths.add(path);
    try {
      return getter.get();
    } catch (ConfigException.Missing e) {
      throw Errors.missingConfigKey(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      Object raw = config.hasPath(path) ? config.getValue(path).unwrapped() : null;
      throw Errors.invalidConfigValue(path, raw, "must be " + expected);
    }
  }
}
