package io.lakeml.config;

import com.typesafe.config.Config;
import io.lakeml.dataset.ColumnRole;
import io.lakeml.dataset.ColumnSpec;
import io.lakeml.dataset.ColumnType;
import io.lakeml.dataset.DatasetCheck;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DerivedColumn;
import io.lakeml.dataset.ExtraColumnsPolicy;
import io.lakeml.dataset.FeatureSet;
import io.lakeml.dataset.LabelKind;
import io.lakeml.dataset.LabelSpec;
import io.lakeml.dataset.NumericEncoding;
import io.lakeml.dataset.SourceFormat;
import io.lakeml.dataset.SourceSpec;
import io.lakeml.errors.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and cross-checks {@code lakeml.dataset}; every problem is a USER error naming the key. */
final class DatasetConfigParser {
  private static final String P = DatasetConfig.PATH;
  private static final Set<String> DATASET_KEYS =
      Set.of(
          "name", "description", "source", "key-columns", "event-time", "extra-columns",
          "max-rejected-fraction", "columns", "derived", "label", "features", "checks",
          // The dataset's own train, evaluate and monitor settings: checked and merged by the config loader.
          "train", "evaluate", "monitor");
  private static final Set<String> SOURCE_KEYS = Set.of("path", "format", "options");
  private static final Set<String> COLUMN_KEYS =
      Set.of(
          "name", "type", "nullable", "role", "completeness", "min", "max", "categories",
          "closed-categories", "format");
  private static final Set<String> DERIVED_KEYS = Set.of("name", "expr", "type");
  private static final Set<String> LABEL_KEYS = Set.of("name", "expr", "kind");
  private static final Set<String> FEATURE_KEYS = Set.of("numeric", "categorical", "encodings");
  private static final Set<String> ENCODING_KEYS = Set.of("column", "kind", "period", "edges");
  private static final Set<String> CHECK_KEYS = Set.of("name", "where", "min-fraction");

  private DatasetConfigParser() {}

  static DatasetConfig parse(ConfigReader r, LakemlHome home) {
    Keys.check(r.config().getConfig(P), DATASET_KEYS, P);
    String name = r.nonEmptyString(P + ".name");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw Errors.invalidConfigValue(P + ".name", name, "must match [a-z][a-z0-9_]* (it names tables)");
    }
    List<ColumnSpec> columns = columns(r);
    DatasetConfig dataset =
        new DatasetConfig(
            name,
            source(r, home),
            r.has(P + ".key-columns") ? r.stringList(P + ".key-columns") : List.of(),
            r.has(P + ".event-time") ? Optional.of(r.nonEmptyString(P + ".event-time")) : Optional.empty(),
            r.has(P + ".extra-columns")
                ? r.oneOf(P + ".extra-columns", ExtraColumnsPolicy.class)
                : ExtraColumnsPolicy.IGNORE,
            r.has(P + ".max-rejected-fraction")
                ? r.doubleIn(P + ".max-rejected-fraction", 0, 1)
                : 0.01,
            columns,
            derived(r),
            label(r),
            features(r),
            checks(r));
    DatasetConsistency.check(dataset);
    return dataset;
  }

  private static SourceSpec source(ConfigReader r, LakemlHome home) {
    Keys.check(r.config().getConfig(P + ".source"), SOURCE_KEYS, P + ".source");
    Map<String, String> options =
        r.has(P + ".source.options") ? r.stringMap(P + ".source.options") : Map.of();
    return new SourceSpec(
        home.resolve(r.nonEmptyString(P + ".source.path")),
        r.oneOf(P + ".source.format", SourceFormat.class),
        options);
  }

  private static List<ColumnSpec> columns(ConfigReader r) {
    List<ColumnSpec> result = objects(r, P + ".columns", COLUMN_KEYS, DatasetConfigParser::column);
    if (result.isEmpty()) {
      throw Errors.invalidConfigValue(P + ".columns", "[]", "must declare at least one column");
    }
    return result;
  }

  /**
   * The objects of a list of objects at {@code path} (none when absent), each with its keys
   * checked and read with its full path ({@code path[i]}) for messages.
   */
  private static <T> List<T> objects(ConfigReader r, String path, Set<String> keys,
      java.util.function.BiFunction<ConfigReader, String, T> read) {
    if (!r.has(path)) {
      return List.of();
    }
    List<T> result = new ArrayList<>();
    List<? extends Config> list = r.config().getConfigList(path);
    for (int i = 0; i < list.size(); i++) {
      String where = path + "[" + i + "]";
      ConfigReader c = new ConfigReader(list.get(i));
      Keys.check(c.config(), keys, where);
      result.add(read.apply(c, where));
    }
    return List.copyOf(result);
  }

  private static ColumnSpec column(ConfigReader c, String where) {
    String name = Keys.string(c, "name", where);
    ColumnType type = Keys.oneOf(c, "type", ColumnType.class, where);
    boolean nullable = c.has("nullable") && c.bool("nullable");
    double completeness =
        c.has("completeness") ? c.doubleIn("completeness", 0, 1) : 0.0;
    Optional<Double> min = c.has("min") ? Optional.of(c.config().getDouble("min")) : Optional.empty();
    Optional<Double> max = c.has("max") ? Optional.of(c.config().getDouble("max")) : Optional.empty();
    List<String> categories = c.has("categories") ? c.stringList("categories") : List.of();
    boolean closed = c.has("closed-categories") && c.bool("closed-categories");
    if ((min.isPresent() || max.isPresent()) && !type.isNumeric()) {
      throw Errors.invalidConfigValue(where + ".min", name, "min/max apply only to numeric columns");
    }
    if (closed && categories.isEmpty()) {
      throw Errors.invalidConfigValue(
          where + ".closed-categories", true, "needs a non-empty 'categories' list");
    }
    Optional<String> format = c.has("format") ? Optional.of(c.nonEmptyString("format")) : Optional.empty();
    if (format.isPresent() && type != ColumnType.DATE && type != ColumnType.TIMESTAMP) {
      throw Errors.invalidConfigValue(where + ".format", format.get(), "applies only to date and timestamp columns");
    }
    ColumnRole role =
        c.has("role") ? Keys.oneOf(c, "role", ColumnRole.class, where) : ColumnRole.FEATURE;
    return new ColumnSpec(name, type, nullable, role, completeness, min, max, categories, closed, format);
  }

  private static List<DerivedColumn> derived(ConfigReader r) {
    return objects(r, P + ".derived", DERIVED_KEYS, (c, where) -> new DerivedColumn(
        Keys.string(c, "name", where), Keys.string(c, "expr", where), Keys.oneOf(c, "type", ColumnType.class, where)));
  }

  /** Bucket edges: at least one finite number, each above the one before. */
  private static List<Double> edges(ConfigReader c, String where) {
    if (!c.has("edges")) {
      throw Errors.missingConfigKey(where + ".edges");
    }
    String expected = "must be a list of finite numbers, each above the one before, e.g. [6, 12, 18]";
    List<Double> edges;
    try {
      edges = c.config().getDoubleList("edges");
    } catch (com.typesafe.config.ConfigException e) {
      throw Errors.invalidConfigValue(where + ".edges", c.config().getValue("edges").unwrapped(), expected);
    }
    boolean increasing = !edges.isEmpty() && edges.stream().allMatch(Double::isFinite);
    for (int i = 1; i < edges.size() && increasing; i++) {
      increasing = edges.get(i) > edges.get(i - 1);
    }
    if (!increasing) {
      throw Errors.invalidConfigValue(where + ".edges", edges, expected);
    }
    return edges;
  }

  private static double period(ConfigReader c, String where) {
    try {
      return c.config().getDouble("period");
    } catch (com.typesafe.config.ConfigException e) {
      throw Errors.invalidConfigValue(where + ".period", c.config().getValue("period").unwrapped(),
          "must be a positive number (24 for an hour of the day)");
    }
  }

  private static List<DatasetCheck> checks(ConfigReader r) {
    return objects(r, P + ".checks", CHECK_KEYS, (c, where) -> new DatasetCheck(Keys.string(c, "name", where),
        Keys.string(c, "where", where), c.has("min-fraction") ? c.doubleIn("min-fraction", 0, 1) : 1.0));
  }

  private static LabelSpec label(ConfigReader r) {
    String where = P + ".label";
    Keys.check(r.config().getConfig(where), LABEL_KEYS, where);
    ConfigReader c = new ConfigReader(r.config().getConfig(where));
    return new LabelSpec(
        Keys.string(c, "name", where),
        Keys.string(c, "expr", where),
        Keys.oneOf(c, "kind", LabelKind.class, where));
  }

  private static FeatureSet features(ConfigReader r) {
    String where = P + ".features";
    Keys.check(r.config().getConfig(where), FEATURE_KEYS, where);
    List<String> numeric = r.has(where + ".numeric") ? r.stringList(where + ".numeric") : List.of();
    List<String> categorical =
        r.has(where + ".categorical") ? r.stringList(where + ".categorical") : List.of();
    if (numeric.isEmpty() && categorical.isEmpty()) {
      throw Errors.invalidConfigValue(where, "{}", "must list at least one numeric or categorical feature");
    }
    return new FeatureSet(numeric, categorical, encodings(r, where, numeric));
  }

  private static List<NumericEncoding> encodings(ConfigReader r, String features, List<String> numeric) {
    List<NumericEncoding> result = objects(r, features + ".encodings", ENCODING_KEYS, (c, where) -> encoding(c, where, numeric));
    for (int i = 0; i < result.size(); i++) {
      String column = result.get(i).column();
      if (result.subList(0, i).stream().anyMatch(e -> e.column().equals(column))) {
        throw Errors.invalidConfigValue(features + ".encodings[" + i + "].column", column,
            "is encoded twice: give each numeric feature one encoding");
      }
    }
    return result;
  }

  private static NumericEncoding encoding(ConfigReader c, String where, List<String> numeric) {
    String column = Keys.string(c, "column", where);
    if (!numeric.contains(column)) {
      throw Errors.invalidConfigValue(where + ".column", column, "must name one of the numeric features "
          + numeric + " (categorical features are one-hot encoded)");
    }
    NumericEncoding.Kind kind = Keys.oneOf(c, "kind", NumericEncoding.Kind.class, where);
    if (kind != NumericEncoding.Kind.CYCLIC && c.has("period")) {
      throw Errors.invalidConfigValue(where + ".period", c.config().getValue("period").unwrapped(), "applies only to kind = cyclic");
    }
    if (kind != NumericEncoding.Kind.BUCKETS && c.has("edges")) {
      throw Errors.invalidConfigValue(where + ".edges", c.config().getValue("edges").unwrapped(), "applies only to kind = buckets");
    }
    if (kind == NumericEncoding.Kind.LOG) {
      return NumericEncoding.log(column);
    }
    if (kind == NumericEncoding.Kind.BUCKETS) {
      return NumericEncoding.buckets(column, edges(c, where));
    }
    if (!c.has("period")) {
      throw Errors.missingConfigKey(where + ".period");
    }
    double period = period(c, where);
    if (!(period > 0) || Double.isInfinite(period)) {
      throw Errors.invalidConfigValue(where + ".period", period, "must be a positive number (24 for an hour of the day)");
    }
    return NumericEncoding.cyclic(column, period);
  }

  /** Key checks and reads for nested objects, with full paths in messages. */
  static final class Keys {
    private Keys() {}

    static void check(Config object, Set<String> allowed, String where) {
      for (String key : object.root().keySet()) {
        if (!allowed.contains(key)) {
          String nearest = nearest(key, allowed);
          throw Errors.unknownConfigKey(
              where + "." + key,
              nearest == null ? null : where + "." + nearest,
              object.root().get(key).origin().description());
        }
      }
    }

    static String string(ConfigReader c, String key, String where) {
      if (!c.has(key)) {
        throw Errors.missingConfigKey(where + "." + key);
      }
      return c.nonEmptyString(key);
    }

    static <E extends Enum<E>> E oneOf(ConfigReader c, String key, Class<E> type, String where) {
      if (!c.has(key)) {
        throw Errors.missingConfigKey(where + "." + key);
      }
      String value = c.string(key).toUpperCase(Locale.ROOT).replace('-', '_');
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(value)) {
          return e;
        }
      }
      List<String> names = new ArrayList<>();
      for (E e : type.getEnumConstants()) {
        names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw Errors.invalidConfigValue(where + "." + key, c.string(key), "must be one of " + String.join(", ", names));
    }

    private static String nearest(String key, Set<String> allowed) {
      return ConfigKeys.nearest(key, allowed);
    }
  }
}
