package io.lakeml.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prep -> train -> evaluate -> promote -> score through the Java API alone, on a table lakeml has
 * never seen: a CSV of 900 loans with a column name holding a space, no date, and a binary label.
 */
class LakemlApiTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
  @TempDir Path home;

  @Test
  void theWholePipelineRunsThroughTheApi() throws IOException {
    Lakeml lakeml = Lakeml.builder().home(home).configFile(loans()).set("lakeml.lakehouse.root", "lakehouse")
        .spark(SparkTestSession.get()).build();

    PrepRun prep = lakeml.prep().date(DAY).execute();
    TrainRun train = lakeml.train().execute();
    EvaluateRun evaluation = lakeml.evaluate().modelVersion(train.version()).execute();
    PromoteRun promoted = lakeml.promote(train.version()).approvedBy("ana").reason("first loans model").execute();
    ScoreRun scored = lakeml.score().date(DAY).execute();
    ReproduceRun reproduced = lakeml.reproduce(train.version()).execute();

    assertThat(prep.rowsRead()).isEqualTo(900).isEqualTo(prep.rowsAccepted() + prep.rowsQuarantined());
    assertThat(prep.rowsQuarantined()).isEqualTo(1);
    assertThat(prep.reasons()).containsOnlyKeys("OUT_OF_RANGE");
    assertThat(train.modelName()).isEqualTo("loans");
    assertThat(train.dataVersion()).isEqualTo(prep.preparedVersion());
    assertThat(evaluation.passed()).isTrue();
    assertThat(evaluation.stage()).isEqualTo("staging");
    assertThat(evaluation.metrics().get("auc")).isGreaterThan(0.75);
    assertThat(promoted.stage()).isEqualTo("production");
    assertThat(scored.dates()).singleElement().satisfies(d -> {
      assertThat(d.date()).isEqualTo(DAY);
      assertThat(d.modelVersion()).isEqualTo(train.version());
      assertThat(d.rowsRead()).isEqualTo(d.rowsScored() + d.rowsQuarantined()).isEqualTo(900);
    });
    assertThat(reproduced.differences()).as("a production version rebuilt bit for bit").isEmpty();
    assertThat(reproduced.identical()).isTrue();
    assertThat(reproduced.recordedCommit()).isEqualTo(reproduced.currentCommit());
    assertThat(lakeml.config().lakehouse().root()).endsWith("lakehouse");
    assertThat(java.util.Set.of(prep.runId(), train.runId(), evaluation.runId(), promoted.runId(),
        scored.dates().get(0).runId())).hasSize(5);
  }

  @Test
  void aBadSettingIsAUserErrorWhenBuilt() throws IOException {
    assertThatThrownBy(() -> Lakeml.builder().home(home).configFile(loans()).set("lakeml.score.writer", "fast")
        .spark(SparkTestSession.get()).build())
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageContaining("lakeml.score.writer");
  }

  /** The dataset config and its CSV: default risk rises with the debt ratio and falls with income. */
  private Path loans() throws IOException {
    Random random = new Random(11);
    StringBuilder csv = new StringBuilder("income,debt ratio,region,defaulted\n");
    String[] regions = {"north", "south", "east", "west"};
    for (int i = 0; i < 900; i++) {
      double income = 20 + 80 * random.nextDouble();
      double debt = random.nextDouble();
      double risk = 3 * debt - income / 40 + 0.5 * random.nextGaussian();
      csv.append(String.format(Locale.ROOT, "%.2f,%.3f,%s,%d%n", i == 7 ? -1.0 : income, debt, regions[i % 4],
          risk > 0 ? 1 : 0));
    }
    Files.writeString(home.resolve("loans.csv"), csv);
    return Files.writeString(home.resolve("loans.conf"), """
        lakeml.dataset {
          name = loans
          source { path = "loans.csv", format = csv }
          columns = [
            { name = income, type = double, min = 0 }
            { name = "debt ratio", type = double, min = 0, max = 1 }
            { name = region, type = string }
            { name = defaulted, type = int, role = label }
          ]
          label { name = label, expr = "`defaulted`", kind = binary }
          features { numeric = [income, "debt ratio"], categorical = [region] }
        }
        """);
  }
}
