package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code docs/CONFIGURATION.md}, generated from {@code application.conf}: every key in file order
 * with its default and the comment written above it, so the page never disagrees with the
 * reference the loader validates against ({@code ConfigReferenceTest} fails when it is stale).
 * Regenerate with {@code LAKEML_MAIN=io.lakeml.config.ConfigReference bin/lakeml > docs/CONFIGURATION.md}.
 */
public final class ConfigReference {
  private static final String PREAMBLE = """
      # Configuration

      <!-- Generated from conf/application.conf by io.lakeml.config.ConfigReference; do not edit.
           Regenerate: LAKEML_MAIN=io.lakeml.config.ConfigReference bin/lakeml > docs/CONFIGURATION.md -->

      HOCON files in `conf/`, loaded into typed, immutable Java records (`io.lakeml.config`) and
      validated on load. Precedence, lowest first: `conf/application.conf` (shipped in the jar: every
      key, its default and a comment), the dataset's own settings (`lakeml.dataset.train`,
      `lakeml.dataset.evaluate`: see [DATASETS.md](DATASETS.md)), your file (`--conf FILE`; default
      `conf/local.conf` under `LAKEML_HOME` if it exists), `--dataset FILE` (replaces the dataset of
      the file, its own settings included), then `--set key=value` (repeatable; values are strings,
      `[..]` and `{..}` are parsed as HOCON). Unknown keys are refused, naming the nearest valid key;
      invalid values are refused with key, value and rule. Relative paths resolve against
      `LAKEML_HOME` (`bin/lakeml` sets it to the repository root), else the working directory.
      Secrets never go in a conf file: see [OPERATIONS.md](OPERATIONS.md#secrets).

      | file | for |
      |---|---|
      | `conf/application.conf` | the reference: every key and its default (this page) |
      | `conf/local.conf` | the embedded default: `local[*]`, lakehouse `./lakehouse`, the flights dataset |
      | `conf/cluster.conf` | an example for a real cluster: object-store root, executor sizing, GPU scheduling, spot decommissioning |
      | `conf/datasets/<name>.conf` | one per dataset ([DATASETS.md](DATASETS.md)) |

      `ConfigDefaultsTest` pins every default and proves every key is read into a typed field.

      ## Keys

      | key | default | meaning |
      |---|---|---|
      """;

  private ConfigReference() {}

  public static void main(String[] args) {
    System.out.print(render());
  }

  /** The page for the reference config on the classpath. */
  public static String render() {
    Config reference = ConfigFactory.parseResources(ConfigLoader.REFERENCE_RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
    StringBuilder b = new StringBuilder(PREAMBLE);
    for (Row r : rows(reference.root(), "")) {
      String meaning = r.meaning().isEmpty() ? "(see the key above)" : r.meaning();
      b.append("| `").append(r.key()).append("` | `").append(r.value()).append("` | ").append(meaning).append(" |\n");
    }
    return b.toString();
  }

  private record Row(String key, String value, String meaning, int line) {}

  // Leaves in file order; an object with no leaves (free-form: spark.conf, the gate's bounds) is a
  // row of its own, rendered whole. Comments of enclosing objects are not repeated on their leaves.
  private static List<Row> rows(ConfigObject object, String prefix) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      ConfigValue v = e.getValue();
      String meaning = String.join(" ", v.origin().comments().stream().map(String::trim).toList()).trim();
      if (v.valueType() == ConfigValueType.OBJECT && !((ConfigObject) v).isEmpty() && !freeForm(key)) {
        List<Row> inner = rows((ConfigObject) v, key);
        if (!prefix.isEmpty() && !meaning.isEmpty() && !inner.isEmpty()) { // the file's own header is not a key's
          Row first = inner.get(0);
          inner.set(0, new Row(first.key(), first.value(), (meaning + " " + first.meaning()).trim(), first.line()));
        }
        rows.addAll(inner);
      } else {
        rows.add(new Row(key, render(v), meaning.replace("|", "\\|"), v.origin().lineNumber()));
      }
    }
    rows.sort(java.util.Comparator.comparingInt(Row::line));
    return rows;
  }

  private static boolean freeForm(String key) {
    return key.startsWith(EvaluateConfig.GATE + ".") && key.split("\\.").length > 4;
  }

  private static String render(ConfigValue v) {
    String text;
    if (v instanceof ConfigObject o && !o.isEmpty()) {
      text = "{ " + String.join(", ", new java.util.TreeMap<>(o).entrySet().stream()
          .map(e -> e.getKey() + " = " + e.getValue().render(ConfigRenderOptions.concise().setJson(false))).toList()) + " }";
    } else {
      text = v.render(ConfigRenderOptions.concise().setJson(false));
    }
    return text.replace("|", "\\|");
  }
}
