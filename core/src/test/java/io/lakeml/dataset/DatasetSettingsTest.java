package io.lakeml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.ThresholdRule;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets of other shapes by configuration alone: no event time, dates written as text, label
 * kinds, and the settings a dataset owns (training window, slices, threshold rule, gate), which
 * follow the dataset when it is replaced and yield to settings given explicitly.
 */
class DatasetSettingsTest {
  @TempDir Path home;

  static final String SHAPE = """
      lakeml.dataset {
        name = shapes
        source { path = "raw/shapes.json", format = json }
        columns = [
          { name = "Shape Name", type = string, role = label }
          { name = "Area (m²)", type = double }
          { name = "Seen On", type = date, format = "MMM dd yyyy", nullable = true }
        ]
        label { name = label, expr = "`Shape Name`", kind = multiclass }
        features { numeric = ["Area (m²)"] }
        %s
      }
      """;

  LakemlConfig load(String extra, String... sets) {
    ConfigLoader loader = TestConfigs.loader(home, String.format(SHAPE, extra));
    for (String s : sets) {
      loader.setAll(java.util.List.of(s));
    }
    return loader.load();
  }

  @Test
  void aDatasetWithoutAnEventTimeAndADateFormatIsAccepted() {
    DatasetConfig d = load("").requireDataset();

    assertThat(d.eventTime()).isEmpty();
    assertThat(d.column("Seen On").format()).contains("MMM dd yyyy");
    assertThat(d.label().kind()).isEqualTo(LabelKind.MULTICLASS);
  }

  @Test
  void withoutAnEventTimeARunIsOneProcessingDateAndARangeIsRefusedForPrep() {
    DatasetConfig d = load("").requireDataset();
    LocalDate day = LocalDate.of(2026, 3, 1);

    assertThat(DateWindow.forDataset(d, DateWindow.day(day), false)).isEqualTo(DateWindow.day(day));
    assertThat(DateWindow.forDataset(d, DateWindow.ALL, false).from()).isPresent();
    assertThat(DateWindow.forDataset(d, DateWindow.of(day, day.plusDays(3)), true).days()).isEqualTo(4);
    assertThatThrownBy(() -> DateWindow.forDataset(d, DateWindow.of(day, day.plusDays(3)), false))
        .isInstanceOf(LakemlException.class).hasMessageContaining("has no event-time");
  }

  @Test
  void theDatasetsOwnSettingsDefaultTheGlobalKeys() {
    LakemlConfig c = load("""
        train { from = "2020-01-01", to = "2020-12-31" }
        evaluate {
          slice-column = "Area (m²)"
          threshold { rule = precision, value = 0.9 }
          gate { min { accuracy = 0.7 }, max-worsening { log_loss = 0.02 } }
        }
        """);

    assertThat(c.train().from()).contains(LocalDate.of(2020, 1, 1));
    assertThat(c.train().to()).contains(LocalDate.of(2020, 12, 31));
    assertThat(c.evaluate().sliceColumn()).contains("Area (m²)");
    assertThat(c.evaluate().threshold()).isEqualTo(new ThresholdRule(ThresholdRule.Rule.PRECISION, 0.9));
    assertThat(c.evaluate().gate(LabelKind.MULTICLASS).min())
        .isEqualTo(Map.of("accuracy", 0.7, "log_loss_skill", 0.0)); // the kind's default kept beside it
    assertThat(c.evaluate().gate(LabelKind.MULTICLASS).maxWorsening())
        .isEqualTo(Map.of("accuracy", 0.01, "log_loss", 0.02));
    assertThat(c.evaluate().gate(LabelKind.BINARY).min()).doesNotContainKey("accuracy");
  }

  @Test
  void anExplicitSettingWinsOverTheDatasets() {
    LakemlConfig c = load("train { from = \"2020-01-01\" }", "lakeml.train.from=2021-06-01",
        "lakeml.evaluate.gate.multiclass.min.accuracy=0.9");

    assertThat(c.train().from()).contains(LocalDate.of(2021, 6, 1));
    assertThat(c.evaluate().gate(LabelKind.MULTICLASS).min()).containsEntry("accuracy", 0.9);
  }

  @Test
  void replacingTheDatasetReplacesItsSettings() {
    Path other = TestConfigs.write(home, "other.conf", String.format(SHAPE.replace("shapes", "others"), ""));
    Path withWindow = TestConfigs.write(home, "with-window.conf",
        String.format(SHAPE, "train { from = \"2020-01-01\" }\nevaluate { slice-column = \"Area (m²)\" }"));

    LakemlConfig c = ConfigLoader.create(new io.lakeml.config.LakemlHome(home)).file(withWindow).datasetFile(other).load();

    assertThat(c.requireDataset().name()).isEqualTo("others");
    assertThat(c.train().from()).isEmpty();
    assertThat(c.evaluate().sliceColumn()).isEmpty();
  }

  /** A network tuned for the dataset travels with it, key by key under what is set explicitly. */
  @Test
  void theDatasetsNetworkDefaultsTheTrainingNetworkKeyByKey() {
    String network = "train { network { hidden = [16, 8], learning-rate = 0.01 } }";

    LakemlConfig own = load(network);
    LakemlConfig set = load(network, "lakeml.train.network.learning-rate=0.002");

    assertThat(own.train().network().hidden()).containsExactly(16, 8);
    assertThat(own.train().network().learningRate()).isEqualTo(0.01);
    assertThat(own.train().network().epochs()).as("the default of what the dataset leaves out").isEqualTo(load("").train().network().epochs());
    assertThat(set.train().network().hidden()).containsExactly(16, 8);
    assertThat(set.train().network().learningRate()).isEqualTo(0.002);
    assertThatThrownBy(() -> load("train { network { hiden = [8] } }"))
        .isInstanceOf(LakemlException.class).hasMessageContaining("hiden").hasMessageContaining("did you mean");
  }

  @Test
  void anUnknownKeyOrMetricInTheDatasetsSettingsIsRefusedWithTheNearestOne() {
    assertThatThrownBy(() -> load("train { form = \"2020-01-01\" }"))
        .isInstanceOf(LakemlException.class).hasMessageContaining("lakeml.dataset.train.form")
        .hasMessageContaining("did you mean 'lakeml.dataset.train.from'");
    assertThatThrownBy(() -> load("evaluate { gate { min { acuracy = 0.5 } } }"))
        .isInstanceOf(LakemlException.class).hasMessageContaining("lakeml.evaluate.gate.multiclass.min.acuracy")
        .hasMessageContaining("did you mean 'lakeml.evaluate.gate.multiclass.min.accuracy'");
    assertThatThrownBy(() -> load("evaluate { gate { min { auc = 0.5 } } }")) // a binary metric
        .isInstanceOf(LakemlException.class).hasMessageContaining("the metrics of multiclass models are accuracy");
    assertThatThrownBy(() -> load("", "lakeml.evaluate.gate.binary.max-worsening.rows=1"))
        .isInstanceOf(LakemlException.class).hasMessageContaining("rows is descriptive");
  }

  @Test
  void aSliceColumnTheDatasetDoesNotHaveIsAUserError() {
    assertThatThrownBy(() -> load("evaluate { slice-column = origin }"))
        .isInstanceOf(LakemlException.class)
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER))
        .hasMessageContaining("Slice column 'origin' is not a column of dataset shapes");
  }

  @Test
  void configMistakesOfOtherShapesAreRefusedAtLoad() {
    assertThatThrownBy(() -> TestConfigs.loader(home, String.format(SHAPE, "").replace("format = \"MMM dd yyyy\", ", "")
        .replace("type = string, role = label", "type = string, format = \"yyyy\", role = label")).load())
        .hasMessageContaining("applies only to date and timestamp columns");
    assertThatThrownBy(() -> TestConfigs.loader(home, String.format(SHAPE, "derived = [ { name = m, expr = \"month(event_date)\", type = int } ]")).load())
        .hasMessageContaining("uses event_date, but the dataset declares no event-time");
    assertThatThrownBy(() -> TestConfigs.loader(home, String.format(SHAPE, "").replace("name = label,", "name = \"shape name\",")).load())
        .hasMessageContaining("clashes with a declared or derived column");
  }

  @Test
  void scoreThresholdIsTheVersionsUnlessSet() {
    assertThat(load("").score().threshold()).isEmpty();
    assertThat(load("", "lakeml.score.threshold=0.3").score().threshold()).contains(0.3);
    assertThatThrownBy(() -> load("", "lakeml.score.threshold=high")).hasMessageContaining("each version's own threshold");
  }
}
