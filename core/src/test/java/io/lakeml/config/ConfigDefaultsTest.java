package io.lakeml.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.lakeml.dataset.LabelKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins every default and proves every key of application.conf is read into a typed field. */
class ConfigDefaultsTest {
  @TempDir Path home;

  @Test
  void everyDefaultIsPinned() {
    LakemlConfig c = ConfigLoader.create(new LakemlHome(home)).load();

    assertThat(c.lakehouse().root()).isEqualTo(home.resolve("lakehouse").toUri().toString().replaceAll("/$", ""));
    assertThat(c.spark())
        .isEqualTo(new SparkConfig(Optional.empty(), "lakeml", 8, false, Map.of(), SparkConfig.LocalFileSystem.NIO));
    assertThat(c.dl4j()).isEqualTo(new Dl4jConfig(1));
    assertThat(c.sampleData())
        .isEqualTo(
            new SampleDataConfig(
                "vega-datasets@3.2.1",
                "package/data/flights-3m.parquet",
                "dbeb920c90f59b6ccaff823dcc3d08f25a97fa1ce128d93f40be4e931f5900b0",
                home.resolve("data")));
    assertThat(c.prep()).isEqualTo(new PrepConfig(false, 0.5, 2.0, 0.05, 10, 20, PrepConfig.Checks.OBSERVED));
    assertThat(c.train())
        .isEqualTo(new TrainConfig(Optional.empty(), Optional.empty(), Optional.empty(), 0.1, 0.2, 2, 2, 0,
            new NetworkConfig(java.util.List.of(64, 64), NetworkConfig.Activation.RELU, 0.0, 0.0001, 0.0,
                NetworkConfig.Updater.ADAM, 0.001, 1.0, 256, 5, 42L, 2, 1.0)));
    assertThat(c.tune()).isEqualTo(new TuneConfig(8, 7L, 0, 200_000, TuneConfig.Method.RANDOM, 3, new SearchSpace(Map.of(
        "hidden", new SearchSpace.Choices(java.util.List.of(java.util.List.of(64, 64), java.util.List.of(128, 64),
            java.util.List.of(256, 128))),
        "learning-rate", new SearchSpace.Range(0.0003, 0.01, true, false),
        "dropout", new SearchSpace.Range(0.0, 0.3, false, false),
        "batch-size", new SearchSpace.Choices(java.util.List.of(128, 256, 512))))));
    assertThat(c.evaluate()).isEqualTo(new EvaluateConfig(new ThresholdRule(ThresholdRule.Rule.MAX_F1, 0.0),
        Optional.empty(), 5, Map.of(
            LabelKind.BINARY, new GateConfig(Map.of("auc", 0.5, "log_loss_skill", 0.0), Map.of(),
                Map.of("auc", 0.005, "log_loss", 0.01), Map.of(), Map.of(), Map.of()),
            LabelKind.MULTICLASS, new GateConfig(Map.of("log_loss_skill", 0.0), Map.of(),
                Map.of("accuracy", 0.01, "log_loss", 0.01), Map.of(), Map.of(), Map.of()),
            LabelKind.REGRESSION, new GateConfig(Map.of("r2", 0.0), Map.of(), Map.of(), Map.of("rmse", 0.01), Map.of(),
                Map.of())),
        new BaselineConfig(java.util.List.of(BaselineConfig.Model.LINEAR, BaselineConfig.Model.TREES), 100_000, 300, 6,
            0.1, 20)));
    assertThat(c.score()).isEqualTo(new ScoreConfig(4096, Optional.empty(), 0.00001, true, Optional.empty(), 10, 30, true,
        ScoreConfig.Writer.DIRECT, ScoreConfig.Features.COMPILED, ScoreConfig.Network.LAKEML));
    assertThat(c.monitor()).isEqualTo(monitorDefaults());
    assertThat(c.dataset()).isEmpty();
    assertThat(c.resolved().sources()).containsExactly("classpath:application.conf");
  }

  private static MonitorConfig monitorDefaults() {
    Map<MonitorConfig.Measure, MonitorConfig.Bounds> drift = Map.of(
        MonitorConfig.Measure.PSI, new MonitorConfig.Bounds(0.1, 0.25),
        MonitorConfig.Measure.JENSEN_SHANNON, new MonitorConfig.Bounds(0.1, 0.2),
        MonitorConfig.Measure.WASSERSTEIN, new MonitorConfig.Bounds(0.1, 0.2),
        MonitorConfig.Measure.NULL_RATE_CHANGE, new MonitorConfig.Bounds(0.05, 0.1),
        MonitorConfig.Measure.UNSEEN_SHARE, new MonitorConfig.Bounds(0.01, 0.05));
    Map<AlertRule, MonitorConfig.RuleAction> rules = new java.util.EnumMap<>(AlertRule.class);
    for (AlertRule r : AlertRule.values()) {
      rules.put(r, new MonitorConfig.RuleAction(true, "warning", false, false));
    }
    rules.put(AlertRule.DATASET_DRIFT, new MonitorConfig.RuleAction(true, "critical", false, true));
    rules.put(AlertRule.AUC_DROP, new MonitorConfig.RuleAction(true, "critical", true, true));
    rules.put(AlertRule.ERROR_RATE, new MonitorConfig.RuleAction(true, "critical", false, false));
    rules.put(AlertRule.SLA_BREACH, new MonitorConfig.RuleAction(true, "critical", false, false));
    rules.put(AlertRule.FALLBACK, new MonitorConfig.RuleAction(true, "critical", true, false));
    return new MonitorConfig(drift, Map.of(), Map.of(), 0.5, 0, new MonitorConfig.Bounds(0.1, 0.25),
        new MonitorConfig.Bounds(0.05, 0.1), new MonitorConfig.Bounds(0.03, 0.06), new MonitorConfig.Bounds(0.02, 0.05),
        0.0, new MonitorConfig.Operations(7, 3.0, 0.0, 0.02, 0.5),
        new MonitorConfig.Sla(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), Map.copyOf(rules),
        new MonitorConfig.Webhook(Optional.empty(), Optional.empty(), 5000, 3), 120,
        new MonitorConfig.RolloutGuard(0.02, 200));
  }

  @Test
  void everyKeyOfTheReferenceMapsToAField() {
    Config reference = ConfigFactory.parseResources(ConfigLoader.REFERENCE_RESOURCE).resolve();
    ConfigReader reader = new ConfigReader(reference);

    LakemlConfig.read(reader, new LakemlHome(home), new ResolvedConfig("{}", "", java.util.List.of()));

    assertThat(reader.readPaths())
        .as("keys read by LakemlConfig vs keys in application.conf")
        .containsExactlyInAnyOrderElementsOf(ConfigLoader.leafPaths(reference));
  }
}
