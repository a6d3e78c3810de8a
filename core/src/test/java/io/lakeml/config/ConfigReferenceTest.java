package io.lakeml.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md is what application.conf says, every key included. */
class ConfigReferenceTest {
  @Test
  void theConfigurationPageIsCurrent() throws Exception {
    Path page = TestConfigs.projectRoot().resolve("docs/CONFIGURATION.md");

    assertThat(Files.readString(page))
        .as("docs/CONFIGURATION.md is stale: regenerate it with "
            + "LAKEML_MAIN=io.lakeml.config.ConfigReference bin/lakeml > docs/CONFIGURATION.md")
        .isEqualTo(ConfigReference.render());
  }

  @Test
  void everyKeyOfTheReferenceHasARow() {
    String page = ConfigReference.render();
    var reference = com.typesafe.config.ConfigFactory.parseResources(ConfigLoader.REFERENCE_RESOURCE);

    for (String key : ConfigLoader.leafPaths(reference)) {
      String shown = key.startsWith(EvaluateConfig.GATE) ? EvaluateConfig.GATE + ".binary.min" : key;
      assertThat(page).as(key).contains("| `" + shown);
    }
  }
}
