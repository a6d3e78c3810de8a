package io.lakeml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetConfigTest {
  @TempDir Path home;

  @Test
  void flightsConfigReadsIntoTypedSpecs() {
    DatasetConfig d = TestConfigs.flights(home).requireDataset();

    assertThat(d.name()).isEqualTo("flights");
    assertThat(d.source().format()).isEqualTo(SourceFormat.PARQUET);
    assertThat(d.source().path()).endsWith("/data/flights-3m.parquet").startsWith("file:");
    assertThat(d.eventTime()).contains("date");
    assertThat(d.keyColumns()).isEmpty();
    assertThat(d.columnNames()).containsExactly("date", "delay", "distance", "origin", "destination");
    assertThat(d.column("distance").min()).contains(1.0);
    assertThat(d.column("delay").role()).isEqualTo(ColumnRole.LABEL);
    assertThat(d.servingColumns()).extracting(ColumnSpec::name).doesNotContain("delay");
    assertThat(d.derived()).extracting(DerivedColumn::name).containsExactly("hour_of_day", "day_of_week", "month");
    assertThat(d.label()).isEqualTo(new LabelSpec("label", "`delay` > 15", LabelKind.BINARY));
    assertThat(d.features().all()).containsExactly("distance", "hour_of_day", "origin", "destination", "day_of_week", "month");
  }

  /** A new dataset needs only a config file: odd names and other types included. */
  @Test
  void datasetWithSpacesAndPunctuationInNamesNeedsOnlyConfig() {
    LakemlConfig c =
        TestConfigs.loader(home, """
            lakeml.dataset {
              name = sensors
              source { path = "raw/sensors", format = csv, options { header = "true" } }
              key-columns = ["sensor id"]
              event-time = "read at"
              extra-columns = keep
              columns = [
                { name = "sensor id", type = long }
                { name = "read at", type = timestamp, role = time }
                { name = "temp (°C)", type = double, nullable = true, completeness = 0.9, min = -60, max = 80 }
                { name = "site.name", type = string, categories = [north, south], closed-categories = true }
              ]
              label { name = overheat, expr = "`temp (°C)` > 40", kind = binary }
              features { numeric = ["temp (°C)"], categorical = ["site.name"] }
            }
            """).load();
    DatasetConfig d = c.requireDataset();

    assertThat(d.column("temp (°C)").completeness()).isEqualTo(0.9);
    assertThat(d.column("site.name").closedCategories()).isTrue();
    assertThat(d.column("sensor id").completeness()).as("default: only \"not entirely null\"").isEqualTo(0.0);
    assertThat(d.extraColumns()).isEqualTo(ExtraColumnsPolicy.KEEP);
    assertThat(d.source().options()).containsEntry("header", "true");
    assertThat(d.keyColumns()).isEqualTo(List.of("sensor id"));
    assertThat(d.column("temp (°C)").max()).isEqualTo(Optional.of(80.0));
  }

  @Test
  void unknownKeyInsideAColumnIsRefusedWithItsPath() {
    assertThatThrownBy(() -> TestConfigs.loader(home, minimal("{ name = a, type = double, nulable = true }")).load())
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("Unknown config key 'lakeml.dataset.columns[1].nulable'")
        .hasMessageContaining("did you mean 'lakeml.dataset.columns[1].nullable'");
  }

  @Test
  void unknownTypeNamesTheAllowedOnes() {
    assertThatThrownBy(() -> TestConfigs.loader(home, minimal("{ name = a, type = decimal }")).load())
        .hasMessageContaining("Cannot set lakeml.dataset.columns[1].type to 'decimal'")
        .hasMessageContaining("string, int, long, double, boolean, date, timestamp");
  }

  @Test
  void featureThatIsNotDeclaredIsRefused() {
    String conf = minimal("{ name = a, type = double }").replace("numeric = [a]", "numeric = [b]");
    assertThatThrownBy(() -> TestConfigs.loader(home, conf).load())
        .hasMessageContaining("Cannot set lakeml.dataset.features to 'b': must name a declared or derived column");
  }

  @Test
  void numericEncodingsAreReadInTheirFeaturesOrder() {
    String conf = minimal("{ name = a, type = double }, { name = \"hour of day\", type = int }, { name = b, type = double }")
        .replace("numeric = [a]", "numeric = [a, \"hour of day\", b], encodings = [ { column = \"hour of day\", kind = cyclic, "
            + "period = 24 }, { column = a, kind = log }, { column = b, kind = buckets, edges = [-1, 0.5, 10] } ]");
    FeatureSet f = TestConfigs.loader(home, conf).load().requireDataset().features();

    assertThat(f.encodings()).containsExactly(NumericEncoding.cyclic("hour of day", 24), NumericEncoding.log("a"),
        NumericEncoding.buckets("b", List.of(-1.0, 0.5, 10.0)));
    assertThat(f.encoding("b").orElseThrow().width()).isEqualTo(4);
    assertThat(f.encoding("a")).contains(NumericEncoding.log("a"));
  }

  @Test
  void anEncodingThatCannotApplyIsAUserErrorNamingItsKey() {
    String base = minimal("{ name = a, type = double }, { name = c, type = string }")
        .replace("numeric = [a]", "numeric = [a], categorical = [c], encodings = [ %s ]");
    java.util.Map<String, String> refusals = new java.util.LinkedHashMap<>();
    refusals.put("{ column = c, kind = log }",
        "Cannot set lakeml.dataset.features.encodings[0].column to 'c': must name one of the numeric features [a]");
    refusals.put("{ column = a, kind = cyclic }", "lakeml.dataset.features.encodings[0].period");
    refusals.put("{ column = a, kind = cyclic, period = -7 }",
        "Cannot set lakeml.dataset.features.encodings[0].period to -7.0: must be a positive number");
    refusals.put("{ column = a, kind = cyclic, period = daily }",
        "Cannot set lakeml.dataset.features.encodings[0].period to 'daily': must be a positive number");
    refusals.put("{ column = a, kind = log, period = 3 }", "applies only to kind = cyclic");
    refusals.put("{ column = a, kind = sqrt }",
        "Cannot set lakeml.dataset.features.encodings[0].kind to 'sqrt': must be one of log, cyclic, buckets");
    refusals.put("{ column = a, kind = buckets }", "lakeml.dataset.features.encodings[0].edges");
    String edgesRule = "lakeml.dataset.features.encodings[0].edges to %s: must be a list of finite numbers, each above the one before";
    refusals.put("{ column = a, kind = buckets, edges = [] }", edgesRule.formatted("[]"));
    refusals.put("{ column = a, kind = buckets, edges = [6, 6] }", edgesRule.formatted("[6.0, 6.0]"));
    refusals.put("{ column = a, kind = buckets, edges = [12, 6] }", edgesRule.formatted("[12.0, 6.0]"));
    refusals.put("{ column = a, kind = buckets, edges = [6, noon] }", "lakeml.dataset.features.encodings[0].edges to [6, noon]");
    refusals.put("{ column = a, kind = buckets, edges = [6], period = 24 }", "applies only to kind = cyclic");
    refusals.put("{ column = a, kind = log, edges = [6] }", "applies only to kind = buckets");
    refusals.put("{ column = a, kind = log }, { column = a, kind = log }",
        "Cannot set lakeml.dataset.features.encodings[1].column to 'a': is encoded twice");
    refusals.put("{ column = a, knd = log }", "Unknown config key 'lakeml.dataset.features.encodings[0].knd'");
    refusals.forEach((encodings, message) -> assertThatThrownBy(() -> TestConfigs.loader(home, base.formatted(encodings)).load())
        .as(encodings).isInstanceOf(LakemlException.class).hasMessageContaining(message));
  }

  @Test
  void missingDatasetSaysHowToConfigureOne() {
    assertThatThrownBy(() -> TestConfigs.loader(home, "").load().requireDataset())
        .hasMessageContaining("No dataset is configured")
        .hasMessageContaining("datasets/flights.conf");
  }

  private static String minimal(String column) {
    return """
        lakeml.dataset {
          name = t
          source { path = x, format = parquet }
          event-time = ts
          columns = [ { name = ts, type = timestamp }, %s ]
          label { name = y, expr = "a > 0", kind = binary }
          features { numeric = [a] }
        }
        """.formatted(column);
  }
}
