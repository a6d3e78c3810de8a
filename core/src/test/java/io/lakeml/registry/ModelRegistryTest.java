package io.lakeml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.testing.FileTrees;
import io.lakeml.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages, approval, audit, rollback and racing transitions on real Delta tables. */
class ModelRegistryTest {
  /** Promotions racing in threads: more than the cores, so their commits interleave. */
  static final int RACERS = 4;
  @TempDir Path root;
  final SparkSession spark = SparkTestSession.get();

  ModelRegistry registry() {
    return new ModelRegistry(spark, new Lakehouse(root.toUri().toString()));
  }

  long register(ModelRegistry r, String run) {
    long v = r.nextVersion("m");
    return r.registerDev(new ModelVersion("m", v, "dev", run, Map.of("validation_auc", 0.7), "{}", 1, "hash",
        "commit", "a double", "score double", 1.0, "cpu", "file:/m/" + v, "sha", Instant.now()), "tester");
  }

  long inProduction(ModelRegistry r, String run) {
    long v = register(r, run);
    r.passEvaluation("m", v, "evaluate", "gate passed", "eval-" + run);
    r.promote("m", v, ModelStage.PRODUCTION, Optional.of("alice"), Optional.of("better AUC"), "alice", "cli");
    return v;
  }

  @Test
  void registrationIsIdempotentPerTrainingRun() {
    ModelRegistry r = registry();
    long first = register(r, "train-1");
    assertThat(r.registerDev(new ModelVersion("m", 99, "dev", "train-1", Map.of(), "{}", 1, "h", "c", "", "", 0,
        "", "", "", Instant.now()), "tester")).isEqualTo(first);
    assertThat(r.versions().count()).isEqualTo(1);
  }

  @Test
  void skippingStagingIsRefusedNamingTheAllowedPath() {
    ModelRegistry r = registry();
    long v = register(r, "t1");

    assertThatThrownBy(() -> r.promote("m", v, ModelStage.PRODUCTION, Optional.of("a"), Optional.of("b"), "a", "cli"))
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("Cannot move m version 1 from dev to production")
        .hasMessageContaining("dev -> staging (only by a passing 'lakeml evaluate') -> production");
    assertThatThrownBy(() -> r.promote("m", v, ModelStage.STAGING, Optional.empty(), Optional.empty(), "a", "cli"))
        .hasMessageContaining("only a passing evaluation does that");
  }

  @Test
  void productionNeedsApprovalAndStoresIt() {
    ModelRegistry r = registry();
    long v = register(r, "t1");
    r.passEvaluation("m", v, "evaluate", "gate passed", "e1");
    r.passEvaluation("m", v, "evaluate", "gate passed", "e2"); // evaluating twice changes nothing

    assertThatThrownBy(() -> r.promote("m", v, ModelStage.PRODUCTION, Optional.empty(), Optional.of("why"), "a", "cli"))
        .hasMessageContaining("needs an approval: pass --approved-by WHO and --reason WHY");
    assertThat(r.promote("m", v, ModelStage.PRODUCTION, Optional.of("alice"), Optional.of("better AUC"), "bob", "cli"))
        .isTrue();
    // A retry of the same promotion (its run died after the commit) changes nothing and succeeds.
    assertThat(r.promote("m", v, ModelStage.PRODUCTION, Optional.of("alice"), Optional.of("better AUC"), "bob", "retry"))
        .isFalse();

    assertThat(r.events().where("to_stage = 'production'").count()).isEqualTo(1);
    assertThat(r.production("m")).contains(v);
    var event = r.events().where("to_stage = 'production'").first();
    assertThat(event.<String>getAs("approved_by")).isEqualTo("alice");
    assertThat(event.<String>getAs("why")).isEqualTo("better AUC");
    assertThat(event.<String>getAs("from_stage")).isEqualTo("staging");
    assertThat(r.events().where("event = 'evaluation passed'").count()).isEqualTo(1);
  }

  @Test
  void promotingArchivesThePreviousProductionAndRollbackRestoresIt() {
    ModelRegistry r = registry();
    long v1 = inProduction(r, "t1");
    long v2 = inProduction(r, "t2");
    assertThat(r.stages("m")).containsEntry(v1, ModelStage.ARCHIVED).containsEntry(v2, ModelStage.PRODUCTION);

    long restored = r.rollback("m", "carol", "v2 degrades", "cli");

    assertThat(restored).isEqualTo(v1);
    assertThat(r.stages("m")).containsEntry(v1, ModelStage.PRODUCTION).containsEntry(v2, ModelStage.ARCHIVED);
    assertThat(r.events().where("event = 'rollback'").count()).isEqualTo(2);
    assertThat(r.productionHistory("m")).startsWith(v1, v2);
  }

  @Test
  void rollbackWithoutAPreviousProductionVersionIsRefused() {
    ModelRegistry r = registry();
    long v = inProduction(r, "t1");

    assertThatThrownBy(() -> r.rollback("m", "c", "why", "cli"))
        .hasMessageContaining("no previous production version to roll back to (version " + v);
    assertThatThrownBy(() -> registry().promote("x", 1, ModelStage.PRODUCTION, Optional.empty(), Optional.empty(), "a", "cli"))
        .hasMessageContaining("Model x has no version 1");
  }

  @Test
  void aStageEditedByHandIsRefusedUntilTheEditIsUndone() {
    ModelRegistry r = registry();
    long v1 = inProduction(r, "t1");
    long v2 = register(r, "t2");
    String table = "delta.`" + r.versionsPath() + "`";
    long beforeEdit = spark.sql("DESCRIBE HISTORY " + table).count() - 1;
    spark.sql("UPDATE " + table + " SET stage = 'production' WHERE version = " + v2); // skips evaluation and approval

    assertThatThrownBy(() -> r.production("m")).isInstanceOfSatisfying(LakemlException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("disagrees with its event log (model_events) for model m")
        .hasMessageContaining("version 2: the row says production, its events say dev")
        .hasMessageContaining("RESTORE TABLE " + table + " TO VERSION AS OF N");
    assertThatThrownBy(() -> r.rollback("m", "c", "why", "cli")).hasMessageContaining("changed outside lakeml");

    spark.sql("RESTORE TABLE " + table + " TO VERSION AS OF " + beforeEdit);
    assertThat(r.production("m")).contains(v1);

    spark.sql("UPDATE " + table + " SET stage = 'prod' WHERE version = " + v1);
    assertThatThrownBy(() -> r.stages("m")).hasMessageContaining("version 1: the row says prod, its events say production");
    spark.sql("DELETE FROM " + table + " WHERE version = " + v1);
    assertThatThrownBy(() -> r.stages("m")).hasMessageContaining("version 1: no row, but its events say production");
  }

  @Test
  void eventsLostBetweenTheTwoCommitsAreRepaired() throws Exception {
    ModelRegistry r = registry();
    inProduction(r, "t1");
    long before = r.events().count();
    FileTrees.delete(root.resolve("tables/" + TableNames.MODEL_EVENTS)); // as if every event append was lost

    int repaired = registry().repairEvents();

    assertThat(repaired).isEqualTo(before);
    assertThat(registry().events().count()).isEqualTo(before);
  }

  @Test
  void concurrentPromotionsNeverYieldTwoProductionVersionsOrLoseAnEvent() throws Exception {
    ModelRegistry r = registry();
    List<Long> staged = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      long v = register(r, "t" + i);
      r.passEvaluation("m", v, "evaluate", "passed", "e" + i);
      staged.add(v);
    }
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    List<Future<?>> results = new ArrayList<>();
    for (long v : staged) {
      results.add(pool.submit(() -> registry().promote("m", v, ModelStage.PRODUCTION, Optional.of("ops"),
          Optional.of("race"), "ops", "race-" + v)));
    }
    List<String> conflicts = Collections.synchronizedList(new ArrayList<>());
    int succeeded = 0;
    for (Future<?> f : results) {
      try {
        f.get();
        succeeded++;
      } catch (java.util.concurrent.ExecutionException e) {
        LakemlException cause = (LakemlException) e.getCause();
        assertThat(cause.category()).isEqualTo(ErrorCategory.EXTERNAL);
        conflicts.add(cause.getMessage());
      }
    }
    pool.shutdown();

    assertThat(r.stages("m").values().stream().filter(s -> s == ModelStage.PRODUCTION)).hasSize(1);
    assertThat(succeeded).isGreaterThanOrEqualTo(1);
    assertThat(succeeded + conflicts.size()).isEqualTo(RACERS);
    assertThat(conflicts).allMatch(m -> m.contains("Another transition of model m committed"));
    assertThat(r.events().where("to_stage = 'production'").count()).isEqualTo(succeeded);
  }

}
