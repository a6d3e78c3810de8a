package io.lakeml.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelStage;
import io.lakeml.testing.PreparedTables;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import io.lakeml.testing.TrainedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate job and its gate on real models, registry and Delta tables. Prepared data and a
 * trained dev version 1 are made once, in a template lakehouse that each test copies (with the
 * registry's artefact paths moved to the copy) instead of preparing and training again.
 */
class EvaluateJobTest {
  static final long DATA = 0;
  static final long V1 = 1;
  @TempDir static Path template;
  static String templateRoot;
  @TempDir Path home;
  final SparkSession spark = SparkTestSession.get();
  final List<String> sets = new ArrayList<>(List.of("lakeml.evaluate.gate.binary.min.auc=0.55"));

  @BeforeAll
  static void prepareAndTrainOnce() throws Exception {
    EvaluateJobTest t = new EvaluateJobTest();
    t.home = template;
    assertThat(t.prepared()).isEqualTo(DATA);
    assertThat(t.model(DATA, "t1")).isEqualTo(V1);
    templateRoot = t.config().lakehouse().root();
  }

  @BeforeEach
  void copyTheTemplate() throws Exception {
    Path from = template.resolve("lakehouse");
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Files.copy(p, home.resolve("lakehouse").resolve(from.relativize(p).toString()));
      }
    }
    String root = config().lakehouse().root();
    spark.sql("UPDATE delta.`" + root + "/tables/model_versions` SET artefact_uri = "
        + "replace(artefact_uri, '" + templateRoot + "', '" + root + "')");
    assertThat(registry().versions().first().<String>getAs("artefact_uri")).startsWith(root);
  }

  LakemlConfig config() {
    String dataset = TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    return ConfigLoader.create(new LakemlHome(home))
        .file(TestConfigs.write(home, "test.conf", "include file(\"" + dataset + "\")\nlakeml.lakehouse.root = lakehouse\n"))
        .setAll(sets).load();
  }

  ModelRegistry registry() {
    return new ModelRegistry(spark, Lakehouse.of(config()));
  }

  long model(long dataVersion, String run) throws Exception {
    return TrainedModels.registerDev(spark, config(), dataVersion, 30, run);
  }

  long prepared() {
    return PreparedTables.write(spark, config(), SyntheticSpec.clean(4_000, 5));
  }

  EvaluationResult evaluate(Optional<Long> version) {
    EvaluationResult[] r = new EvaluationResult[1];
    JobLauncher.run("evaluate", config(), spark, (s, c, run) -> r[0] = EvaluateJob.create(s, c, version, run).run());
    return r[0];
  }

  /**
   * One version's life, in the order it happens (each evaluation is a real job run, so the steps
   * share them): it passes the gate to staging with metrics, a threshold chosen on validation,
   * canaries and a report; a fixed threshold it cannot use is refused; once promoted, evaluating it
   * again says it stays in production without a second "passed" event; a second version is then
   * compared with it on the same rows.
   */
  @Test
  void aVersionPassesToStagingIsPromotedAndASecondIsComparedWithItOnTheSameRows() throws Exception {
    long v = V1;

    EvaluationResult r = evaluate(Optional.empty());

    assertThat(r.passed()).isTrue();
    assertThat(r.metrics()).containsKeys("auc", "pr_auc", "log_loss", "accuracy", "precision", "recall", "f1", "brier", "ece");
    assertThat(r.metrics().get("auc")).isGreaterThan(0.55);
    assertThat(r.production()).isEmpty();
    assertThat(r.slices()).isNotEmpty();
    // Baselines on the same training part and test rows: their metrics, the lift, the report's table.
    assertThat(r.baselines()).extracting(Baseline::name).containsExactly("linear", "trees");
    for (Baseline b : r.baselines()) {
      assertThat(b.metrics().get("rows")).as("the candidate's test rows").isEqualTo(r.metrics().get("rows"));
      assertThat(b.metrics().get("auc")).as(b.name()).isBetween(0.55, 1.0);
      assertThat(b.trainingRows()).isPositive();
      assertThat(r.lift(b).get("auc")).isEqualTo(r.metrics().get("auc") - b.metrics().get("auc"));
      assertThat(r.lift(b).get("log_loss")).isEqualTo(b.metrics().get("log_loss") - r.metrics().get("log_loss"));
    }
    assertThat(spark.read().format("delta").load(config().lakehouse().root() + "/tables/evaluations")
        .where("kind = 'baseline_lift' AND metric = 'auc'").count()).isEqualTo(2);
    assertThat(r.latencyP99MsPer1000()).isGreaterThanOrEqualTo(r.latencyP50MsPer1000());
    assertThat(registry().stages("flights")).containsEntry(v, ModelStage.STAGING);
    assertThat(registry().versions().where("version = " + v).first().<Double>getAs("expected_latency_ms_per_1000"))
        .isEqualTo(r.latencyP99MsPer1000());
    assertThat(spark.read().format("delta").load(config().lakehouse().root() + "/tables/canaries").count()).isEqualTo(io.lakeml.internal.model.Canaries.ROWS);
    Path report = Files.list(home.resolve("lakehouse/reports/flights/" + v)).findFirst().orElseThrow();
    assertThat(Files.readString(report.resolve("evaluation.md"))).contains("only value thresholds apply", "| auc |",
        "## Baselines", "lift over trees");
    assertThat(javax.imageio.ImageIO.read(report.resolve("roc.png").toFile()).getWidth()).isEqualTo(480);
    assertThat(report.resolve("calibration.png")).exists();
    // The decision threshold: chosen on the validation split, kept with the version.
    sets.add("lakeml.evaluate.baseline.models=[]"); // the baselines are checked; the rest is about the gate
    double threshold = r.threshold().orElseThrow().threshold();
    assertThat(r.threshold().get().reason()).isEqualTo("max-f1");
    assertThat(r.metrics()).containsEntry("threshold", threshold);
    assertThat(r.metrics().get("predicted_positive_rate")).isStrictlyBetween(0.0, 1.0);
    org.apache.spark.sql.Row row = registry().versions().where("version = " + v).first();
    assertThat(row.<String, Double>getJavaMap(row.fieldIndex("metrics"))).containsEntry("decision_threshold", threshold);
    List<String> fixed = List.of("lakeml.evaluate.threshold.rule=fixed", "lakeml.evaluate.threshold.value=0.999");
    sets.addAll(fixed);
    assertThatThrownBy(() -> evaluate(Optional.of(v))).hasMessageContaining("predicts both classes at threshold 0.9990")
        .hasMessageContaining("it predicts none");
    sets.removeAll(fixed);

    registry().promote("flights", v, ModelStage.PRODUCTION, Optional.of("a"), Optional.of("b"), "a", "cli");
    EvaluationResult again = evaluate(Optional.of(v));

    assertThat(again.summary()).contains("PASSED (stays production)").contains("this version is in production")
        .doesNotContain("now staging").doesNotContain("no production version");
    assertThat(registry().stages("flights")).containsEntry(v, ModelStage.PRODUCTION);
    assertThat(registry().events().where("event = 'evaluation passed'").count()).isEqualTo(1);

    long v2 = model(DATA, "t2");
    sets.add("lakeml.evaluate.gate.binary.max-worsening.auc=0.5");
    sets.add("lakeml.evaluate.gate.binary.max-worsening.log_loss=0.5");
    sets.add("lakeml.evaluate.gate.binary.max-worsening-relative.auc=0.5");
    EvaluationResult second = evaluate(Optional.of(v2));

    assertThat(second.production()).contains(v);
    assertThat(second.checks()).extracting(GateCheck::name)
        .contains("auc worse than production", "log_loss worse than production", "relative auc worse than production");
    assertThat(second.checks().stream().filter(c -> c.name().startsWith("auc worse")).findFirst().orElseThrow().value())
        .as("same model, same rows").isBetween(-0.05, 0.05);
  }

  /**
   * A value bound, a per-slice bound and a margin over the baselines the version misses: all
   * reported, it stays in dev, exit 4.
   */
  @Test
  void failingTheGateOnAValueAndASliceKeepsDevAndExitsWithTheGateCode() throws Exception {
    long v = V1;
    sets.add("lakeml.evaluate.gate.binary.min.auc=0.99");
    sets.add("lakeml.evaluate.gate.binary.slice-min.auc=0.999");
    sets.add("lakeml.evaluate.gate.binary.max-worse-than-baseline.auc=-0.5");

    assertThatThrownBy(() -> evaluate(Optional.empty()))
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("did not pass the evaluation gate and stays in dev")
        .hasMessageContaining("auc: ")
        .hasMessageContaining("auc of origin=")
        .hasMessageContaining("auc worse than baseline trees").hasMessageContaining("auc worse than baseline linear")
        .satisfies(e -> assertThat(((LakemlException) e).exitCode()).isEqualTo(4));
    assertThat(registry().stages("flights")).containsEntry(v, ModelStage.DEV);
  }

  @Test
  void corruptedArtefactIsRefusedNamingTheFile() throws Exception {
    long v = V1;
    Path network = home.resolve("lakehouse/models/flights/" + v + "/network.zip");
    byte[] bytes = Files.readAllBytes(network);
    Files.write(network, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // truncated

    assertThatThrownBy(() -> evaluate(Optional.of(v)))
        .hasMessageContaining("is corrupt").hasMessageContaining("network.zip")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
  }

  @Test
  void emptyTestSplitIsADataError() throws Exception {
    long v = V1;
    String versions = config().lakehouse().root() + "/tables/model_versions";
    // As if trained on a window with no rows: the reproduced test split is empty.
    spark.sql("UPDATE delta.`" + versions + "` SET training_config = replace(training_config, '\"from\":\"2001-01-01\"', "
        + "'\"from\":\"2030-01-01\"') WHERE version = " + v);

    assertThatThrownBy(() -> evaluate(Optional.of(v))).hasMessageContaining("The test split of prepared_flights")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
  }

  @Test
  void unknownVersionIsAUserError() throws Exception {
    assertThatThrownBy(() -> evaluate(Optional.of(9L))).hasMessageContaining("Model flights has no version 9")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
  }

  @Test
  void testLabelsOfASingleClassAreAClearError() throws Exception {
    long data = DATA;
    sets.add("lakeml.dataset.label.expr=`delay` > 100000");
    long singleClass = prepared();
    long v2 = model(data, "t2");
    // Point v2 at the single-class data version, as if it had been trained there.
    spark.sql("UPDATE delta.`" + config().lakehouse().root() + "/tables/model_versions` SET data_version = "
        + singleClass + " WHERE version = " + v2);

    assertThatThrownBy(() -> evaluate(Optional.of(v2))).hasMessageContaining("Every row of the test split has label = 0")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
  }
}
