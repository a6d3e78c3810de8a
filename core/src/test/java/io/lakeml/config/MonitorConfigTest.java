package io.lakeml.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor settings a dataset owns, and the mistakes refused with the key that is wrong. */
class MonitorConfigTest {
  @TempDir Path home;

  @Test
  void aDatasetDeclaresItsOwnFeatureBoundsSkipsAndSla() {
    LakemlConfig c = TestConfigs.flights(home);
    MonitorConfig m = c.monitor();
    assertThat(m.measures("day_of_week", MonitorConfig.Measure.PSI)).isFalse();
    assertThat(m.measures("day_of_week", MonitorConfig.Measure.UNSEEN_SHARE)).isTrue();
    assertThat(m.measures("distance", MonitorConfig.Measure.PSI)).isTrue();
    assertThat(m.sla().latencyP99MsPer1000()).contains(20.0);
    assertThat(m.sla().minRowsPerSecond()).contains(2000.0);

    LakemlConfig own = load("lakeml.dataset.monitor { features { origin { jensen-shannon { alert = 0.3 } } }, "
        + "sla { deadline = \"T+1 06:30\", availability = 0.95 } }");
    assertThat(own.monitor().bounds("origin", MonitorConfig.Measure.JENSEN_SHANNON))
        .isEqualTo(new MonitorConfig.Bounds(0.1, 0.3));
    assertThat(own.monitor().bounds("destination", MonitorConfig.Measure.JENSEN_SHANNON))
        .isEqualTo(new MonitorConfig.Bounds(0.1, 0.2));
    assertThat(own.monitor().sla().deadline()).contains(Duration.ofHours(30).plusMinutes(30));
    assertThat(own.monitor().sla().availability()).contains(0.95);
  }

  @Test
  void mistakesAreRefusedNamingTheKey() {
    refused("lakeml.monitor.alerts.auc-dorp.enabled = false", "lakeml.monitor.alerts.auc-drop.enabled");
    refused("lakeml.dataset.monitor { features { origin { jensen-shanon { alert = 0.3 } } } }",
        "lakeml.monitor.features.origin.jensen-shannon");
    refused("lakeml.dataset.monitor { features { airline { psi { alert = 0.3 } } } }", "not a feature of dataset flights");
    refused("lakeml.dataset.monitor { features { month { skip = [psy] } } }", "must name measures among");
    refused("lakeml.dataset.monitor { sla { deadline = \"tomorrow\" } }", "T+<days> HH:MM");
    refused("lakeml.dataset.monitor { sla { latency = 3 } }", "lakeml.dataset.monitor.sla.latency");
    refused("lakeml.monitor.drift.psi { warn = 0.3, alert = 0.2 }", "must be >= lakeml.monitor.drift.psi.warn");
    refused("lakeml.monitor.alerts.fallback.severity = page", "must be warning or critical");
  }

  private void refused(String hocon, String message) {
    assertThatThrownBy(() -> load(hocon))
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageContaining(message);
  }

  private LakemlConfig load(String hocon) {
    String dataset = TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    return TestConfigs.loader(home, "include file(\"" + dataset + "\")\n" + hocon + "\n").load();
  }

  @Test
  void everyConfigurableRuleHasSettings() {
    LakemlConfig c = TestConfigs.flights(home);
    assertThat(c.monitor().rules().keySet()).containsExactlyInAnyOrderElementsOf(Set.of(AlertRule.values()));
  }
}
