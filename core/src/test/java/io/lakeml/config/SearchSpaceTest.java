package io.lakeml.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search space of lakeml tune: seeded draws, and every bad space refused as a USER error naming its key. */
class SearchSpaceTest {
  @TempDir Path home;

  private LakemlConfig load(String... sets) {
    return ConfigLoader.create(new LakemlHome(home)).setAll(List.of(sets)).load();
  }

  @Test
  void drawsAreSeededAndStayInsideTheSpace() {
    SearchSpace space = load("lakeml.tune.space.epochs={min=2, max=6}").tune().space();

    List<Map<String, Object>> a = space.draw(20, 3);
    assertThat(space.draw(20, 3)).isEqualTo(a);
    assertThat(space.draw(20, 4)).isNotEqualTo(a);
    assertThat(space.draw(5, 3)).isEqualTo(a.subList(0, 5));
    for (Map<String, Object> t : a) {
      assertThat((Double) t.get("learning-rate")).isBetween(0.0003, 0.01);
      assertThat((Integer) t.get("epochs")).isBetween(2, 6);
      assertThat(t.get("batch-size")).isIn(128, 256, 512);
      assertThat(t.get("hidden")).isIn(List.of(64, 64), List.of(128, 64), List.of(256, 128));
    }
    assertThat(a.stream().map(t -> t.get("epochs")).distinct().count()).as("the range is covered").isGreaterThan(2);
    assertThat(a.stream().map(t -> t.get("batch-size")).distinct().count()).as("every choice is drawn").isEqualTo(3);
    assertThat(a.stream().map(t -> t.get("hidden")).distinct().count()).as("every choice is drawn").isEqualTo(3);
  }

  @Test
  void aTrialsNetworkIsTheConfiguredOneWithTheTrialsValues() {
    LakemlConfig c = load();
    Map<String, Object> values = Map.of("hidden", List.of(32), "dropout", 0.25);
    NetworkConfig n = SearchSpace.network(com.typesafe.config.ConfigFactory.parseString(c.resolved().json()), values);

    assertThat(n.hidden()).containsExactly(32);
    assertThat(n.dropout()).isEqualTo(0.25);
    assertThat(n.learningRate()).isEqualTo(c.train().network().learningRate());
  }

  @Test
  void badSpacesAreUserErrorsNamingTheKey() {
    refused("lakeml.tune.space.depth=[1, 2]", "lakeml.tune.space.depth");
    refused("lakeml.tune.space.dropout=[]", "at least one choice");
    refused("lakeml.tune.space.learning-rate={min=0.1, max=0.01}", "inverted");
    refused("lakeml.tune.space.learning-rate={min=0, max=0.01, scale=log}", "above 0");
    refused("lakeml.tune.space.hidden={min=1, max=2}", "list of choices");
    refused("lakeml.tune.space.dropout={min=0, max=2}", "lakeml.tune.space.dropout");
    refused("lakeml.tune.space.batch-size=[0, 64]", "lakeml.tune.space.batch-size");
    refused("lakeml.tune.trials=0", "lakeml.tune.trials");
  }

  private void refused(String set, String named) {
    assertThatThrownBy(() -> load(set))
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageContaining(named);
  }
}
