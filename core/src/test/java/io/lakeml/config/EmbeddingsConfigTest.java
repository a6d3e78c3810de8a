package io.lakeml.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedding sizes of categorical features: read per feature (names with spaces too), switched
 * off with 0, searched by the tuner as choices, and refused as USER errors naming the key when
 * they name a numeric feature, no feature, or a size that is not a whole number of units.
 */
class EmbeddingsConfigTest {
  @TempDir Path home;

  private LakemlConfig load(String... sets) {
    String flights = TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    return TestConfigs.loader(home, "include file(\"" + flights + "\")\n"
        + "lakeml.dataset.features.categorical = [origin, destination, day_of_week, month, \"month of year\"]\n"
        + "lakeml.dataset.derived += { name = \"month of year\", type = int, expr = \"month\" }\n")
        .setAll(List.of(sets)).load();
  }

  @Test
  void sizesArePerCategoricalFeatureAndZeroKeepsAFeatureOneHot() {
    assertThat(load().train().network().embeddings()).as("the default: one-hot only").isEmpty();
    assertThat(load("lakeml.train.network.embeddings.origin=8", "lakeml.train.network.embeddings.destination=0",
        "lakeml.train.network.embeddings.\"month of year\"=3").train().network().embeddings())
        .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("month of year", 3, "origin", 8)));
  }

  @Test
  void theTunerSearchesEmbeddingSizesAsChoices() {
    SearchSpace space = load("lakeml.tune.space.embeddings=[{}, {origin = 4}, {origin = 16, destination = 8}]").tune().space();

    List<Object> drawn = space.draw(30, 5).stream().map(t -> t.get("embeddings")).distinct().toList();
    assertThat(drawn).hasSize(3);
    NetworkConfig n = SearchSpace.network(com.typesafe.config.ConfigFactory.parseString(load().resolved().json()),
        Map.of("embeddings", Map.of("origin", 16, "destination", 8)));
    assertThat(n.embeddings()).containsEntry("origin", 16).containsEntry("destination", 8).hasSize(2);
  }

  @Test
  void embeddingsThatCannotApplyAreUserErrorsNamingTheKey() {
    refused("lakeml.train.network.embeddings.distance=4", "lakeml.train.network.embeddings.distance", "numeric feature");
    refused("lakeml.train.network.embeddings.airline=4", "lakeml.train.network.embeddings.airline", "names no feature");
    refused("lakeml.train.network.embeddings.origin=-1", "lakeml.train.network.embeddings.origin", ">= 1");
    refused("lakeml.train.network.embeddings.origin=2.5", "lakeml.train.network.embeddings.origin", "whole number");
    refused("lakeml.train.network.embeddings=[8]", "lakeml.train.network.embeddings", "object");
    refused("lakeml.tune.space.embeddings=[{distance = 4}]", "lakeml.tune.space.embeddings", "numeric feature");
    refused("lakeml.tune.space.embeddings={min = 1, max = 8}", "lakeml.tune.space.embeddings", "list of choices");
    refused("lakeml.tune.space.embeddings=[{origin = -2}]", "lakeml.tune.space.embeddings", ">= 1");
  }

  private void refused(String set, String key, String why) {
    assertThatThrownBy(() -> load(set))
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageContaining(key).hasMessageContaining(why);
  }
}
