package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlHome;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.testing.PreparedTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakeml reproduce} on real Spark, Delta and DL4J: one version trained once, reproduced as
 * recorded (IDENTICAL) and with deliberate changes (DIFFERENT, naming the first difference), and
 * the bad inputs. Tests that change the shared registry run last, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReproduceTest {
  @TempDir static Path home;
  static TrainFixture f;
  static TrainResult trained;

  @BeforeAll
  static void trainOnce() {
    f = new TrainFixture(home).prepared(3_000);
    trained = f.train();
  }

  @Test
  @Order(1)
  void aFreshlyTrainedVersionReproducesIdenticallyWithoutTouchingTheRegistry() {
    ReproduceResult r = reproduce(request(Map.of(), Optional.empty(), false));

    assertThat(r.differences()).isEmpty();
    assertThat(r.verdict()).isEqualTo(ReproduceResult.Verdict.IDENTICAL);
    assertThat(r.epochsCompared()).isEqualTo(3);
    assertThat(r.parameters()).isEqualTo(trained.parameterCount());
    assertThat(r.summary()).contains("IDENTICAL", "bit for bit");
    assertThat(Files.exists(Path.of(java.net.URI.create(r.scratch())))).as("scratch deleted").isFalse();
    assertThat(f.spark.read().format("delta").load(f.lakehouse().tablePath(TableNames.MODEL_VERSIONS)).count())
        .as("nothing registered").isEqualTo(1);
    assertThat(f.spark.read().format("delta").load(f.lakehouse().tablePath(TableNames.RUNS))
        .where("job = 'reproduce' AND status = 'SUCCEEDED'").count()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void aChangedConfigKeyIsReportedWithTheFirstDifferingEpochAndParameter() {
    ReproduceResult r = reproduce(request(Map.of("lakeml.train.network.learning-rate", "0.02"), Optional.empty(), false));

    assertThat(r.verdict()).isEqualTo(ReproduceResult.Verdict.DIFFERENT);
    assertThat(r.notes()).anyMatch(n -> n.contains("deliberately changed: lakeml.train.network.learning-rate = 0.02"));
    assertThat(r.differences()).noneMatch(d -> d.startsWith("feature pipeline") || d.startsWith("data:"));
    assertThat(r.differences()).anyMatch(d -> d.startsWith("training log: epoch 1 train loss: recorded "));
    assertThat(r.differences()).anyMatch(d -> d.matches("parameters: [0-9,]+ of [0-9,]+ differ; the first is #0 "
        + "\\(layer 0 W\\[0,0\\]\\): recorded .*"));
  }

  @Test
  @Order(3)
  void anotherDataVersionIsReportedAsOtherDataAndAnotherFittedPipeline() {
    long other = PreparedTables.write(f.spark, f.config(), SyntheticSpec.clean(3_000, 12).withWindow(LocalDate.of(2001, 1, 1), 60));

    ReproduceResult r = reproduce(request(Map.of(), Optional.of(other), false));

    assertThat(r.verdict()).isEqualTo(ReproduceResult.Verdict.DIFFERENT);
    assertThat(r.dataVersion()).isEqualTo(other);
    assertThat(r.differences().get(0)).startsWith("data: content hash of the training rows recorded " + trained.dataHash());
    assertThat(r.differences()).anyMatch(d -> d.startsWith("feature pipeline stage 1 (ImputerModel): fitted state differs"));
  }

  @Test
  @Order(4)
  void anUnknownVersionOrModelIsAUserErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> reproduce(new ReproduceJob.Request(Optional.empty(), 7, false, Map.of(), Optional.empty(),
        Optional.empty(), false)))
        .hasMessageContaining("Model flights has no version 7. Its versions: 1")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThatThrownBy(() -> reproduce(new ReproduceJob.Request(Optional.of("fligths"), 1, false, Map.of(),
        Optional.empty(), Optional.empty(), false)))
        .hasMessageContaining("No model named 'fligths' is registered. Known models: flights");
  }

  @Test
  @Order(5)
  void anotherCommitIsAWarningAndWithStrictARefusal() {
    sql("UPDATE delta.`%s` SET git_commit = '0123456789abcdef' WHERE version = 1");

    assertThatThrownBy(() -> reproduce(request(Map.of(), Optional.empty(), true)))
        .hasMessageContaining("was trained at commit 0123456789abcdef")
        .hasMessageContaining("git checkout 0123456789abcdef")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
    ReproduceResult lenient = reproduce(request(Map.of(), Optional.empty(), false));
    assertThat(lenient.notes()).anyMatch(n -> n.startsWith("trained at commit 0123456789abcdef, reproduced with "));
    assertThat(lenient.verdict()).isEqualTo(ReproduceResult.Verdict.IDENTICAL);
  }

  @Test
  @Order(6)
  void aRecordedConfigThisBuildCannotReadIsAUserErrorNamingTheKeyAndTheCommit() {
    sql("UPDATE delta.`%s` SET training_config = replace(training_config, '{\"lakeml\":{', "
        + "'{\"lakeml\":{\"retired-key\":1,') WHERE version = 1");

    assertThatThrownBy(() -> reproduce(request(Map.of(), Optional.empty(), false)))
        .hasMessageContaining("does not load with this build of lakeml")
        .hasMessageContaining("lakeml.retired-key")
        .hasMessageContaining("git checkout 0123456789abcdef")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
  }

  @Test
  @Order(7)
  void aVacuumedDataVersionIsADataErrorNamingTheVersionAndTheRetention() {
    // A newer prepared version replaces every file of version 0, which version 1 of the model was
    // trained on; VACUUM removes them.
    PreparedTables.write(f.spark, f.config(), SyntheticSpec.clean(300, 14).withWindow(LocalDate.of(2001, 1, 1), 60));
    String prepared = f.lakehouse().tablePath(TableNames.prepared("flights"));
    f.spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    f.spark.conf().set("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2"); // VACUUM lists with 10,000 tasks
    try {
      f.spark.sql("VACUUM delta.`" + prepared + "` RETAIN 0 HOURS");
    } finally {
      f.spark.conf().unset("spark.databricks.delta.retentionDurationCheck.enabled");
      f.spark.conf().unset("spark.sql.sources.parallelPartitionDiscovery.parallelism");
    }
    sql("UPDATE delta.`%s` SET training_config = replace(training_config, '\"retired-key\":1,', '') WHERE version = 1");

    assertThatThrownBy(() -> reproduce(request(Map.of(), Optional.empty(), false)))
        .hasMessageContaining("prepared_flights version 0, the data it was trained on, is no longer readable")
        .hasMessageContaining("was removed, as VACUUM does")
        .hasMessageContaining("delta.deletedFileRetentionDuration = interval 1 week (default)")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
  }

  private static ReproduceJob.Request request(Map<String, String> changes, Optional<Long> dataVersion, boolean strict) {
    return new ReproduceJob.Request(Optional.empty(), 1, strict, changes, dataVersion, Optional.empty(), false);
  }

  private static void sql(String statement) {
    f.spark.sql(String.format(statement, f.lakehouse().tablePath(TableNames.MODEL_VERSIONS)));
  }

  static ReproduceResult reproduce(ReproduceJob.Request request) {
    return reproduce(f, request);
  }

  static ReproduceResult reproduce(TrainFixture fixture, ReproduceJob.Request request) {
    AtomicReference<ReproduceResult> result = new AtomicReference<>();
    JobLauncher.run("reproduce", fixture.config(), fixture.spark,
        (s, c, run) -> result.set(ReproduceJob.create(s, c, new LakemlHome(fixture.home), request, run).run()));
    return result.get();
  }
}
