package io.lakeml.train;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.lakeml.internal.command.JobLauncher;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lakeml tune on real prepared rows: trials are the same for a seed whatever the parallelism; a
 * search killed with SIGKILL after its first wave resumes, runs only the missing trials, and ends
 * with the trials of an uninterrupted search; a diverging trial is recorded as failed while the
 * search goes on; and {@code train --tuned} trains the best trial's network.
 */
class TuneJobTest {
  /** Four trials; one of them (learning rate 10) diverges. */
  static final List<String> SEARCH = List.of("lakeml.tune.trials=4", "lakeml.tune.seed=1",
      "lakeml.tune.space.hidden=[[4], [12]]", "lakeml.tune.space.learning-rate=[0.03, 10]",
      "lakeml.tune.space.dropout=[0.0]", "lakeml.tune.space.batch-size=[32, 64]",
      "lakeml.tune.space.embeddings=[{}, {origin = 3}]",
      "lakeml.train.network.epochs=3", "lakeml.train.network.updater=nesterovs", "lakeml.train.network.activation=elu",
      "lakeml.train.network.weight-decay=0.3");
  @TempDir Path home;
  @TempDir Path reference;

  @Test
  void aKilledSearchResumesToTheTrialsOfAnUninterruptedOneAndTrainUsesTheBest() throws Exception {
    TuneResult expected = tune(fixture(reference, "lakeml.tune.parallelism=2").prepared(6_000));
    assertThat(expected.trials()).hasSize(4);
    assertThat(expected.trials()).filteredOn(t -> !t.ok()).isNotEmpty()
        .allSatisfy(t -> assertThat(t.reason()).contains("diverged"));
    assertThat(expected.best().ok()).isTrue();
    assertThat(expected.best().validationMetric()).as("validation AUC").isGreaterThan(0.55);

    TrainFixture f = fixture(home, "lakeml.tune.parallelism=1").prepared(6_000);
    Process child = ChildJvm.start(TuneKillTarget.class, home.resolve("child.log"), childArgs(f));
    killAfterTheFirstCommit(child, home.resolve("lakehouse/tables/tuning_trials/_delta_log"));
    TuneResult resumed = tune(f);

    assertThat(resumed.resumed()).as("trials recorded before the kill").isBetween(1, 3);
    assertThat(resumed.trials()).as("the same trials, to the bit").isEqualTo(expected.trials().stream()
        .map(t -> withSeconds(t, resumed.trials().get(t.trial()).seconds())).toList());
    assertThat(f.spark.read().format("delta").load(home.resolve("lakehouse/tables/tuning_trials").toString())
        .groupBy(col("trial")).count().where(col("count").gt(1)).count()).as("no trial recorded twice").isZero();

    Map<String, String> tuned = TunedConfig.overrides(f.spark.sparkContext().hadoopConfiguration(), resumed.configPath());
    assertThat(tuned).containsKeys("lakeml.train.network.hidden", "lakeml.train.network.learning-rate")
        .as("the whole network, keys outside the space too").containsEntry("lakeml.train.network.updater", "nesterovs")
        .as("every categorical feature's embedding size, 0 for one-hot").containsKeys(
            "lakeml.train.network.embeddings.origin", "lakeml.train.network.embeddings.destination");
    tuned.forEach((k, v) -> f.set(k + "=" + v));
    TrainResult trained = f.train();
    String recorded = new ModelRegistry(f.spark, f.lakehouse()).versions()
        .where(col("name").equalTo(trained.modelName()).and(col("version").equalTo(trained.version())))
        .select("training_config").first().getString(0);
    assertThat(ConfigFactory.parseString(recorded).getValue("lakeml.train.network.hidden").unwrapped().toString())
        .isEqualTo(ConfigFactory.parseString("v = " + tuned.get("lakeml.train.network.hidden")).getValue("v")
            .unwrapped().toString());
    assertThat(ConfigFactory.parseString(recorded).getInt("lakeml.train.network.embeddings.origin"))
        .as("the best trial's embedding trained").isEqualTo(Integer.parseInt(tuned.get("lakeml.train.network.embeddings.origin")));
  }

  @Test
  void successiveHalvingFitsTheBestHalfOfEachRungForTwiceTheEpochs() {
    TrainFixture f = fixture(home, "lakeml.tune.parallelism=2").set("lakeml.tune.method=halving")
        .set("lakeml.tune.halving-rate=2").set("lakeml.tune.space.learning-rate=[0.01, 0.03]").prepared(6_000);
    TuneResult result = tune(f);

    List<org.apache.spark.sql.Row> fits = f.spark.read().format("delta")
        .load(home.resolve("lakehouse/tables/tuning_trials").toString())
        .orderBy(col("rung"), col("validation_metric").desc(), col("trial"))
        .select("rung", "trial", "epochs_run", "validation_metric", "status").collectAsList();
    assertThat(fits).extracting(r -> r.getInt(0) + ":" + r.getInt(2)).as("rung:epochs of each fit")
        .containsExactly("0:1", "0:1", "0:1", "0:1", "1:2", "1:2", "2:3");
    assertThat(fits).extracting(r -> r.getString(4)).containsOnly(TrialResult.OK);
    assertThat(List.of(fits.get(4).getInt(1), fits.get(5).getInt(1))).as("rung 1: the best two of rung 0")
        .containsExactlyInAnyOrder(fits.get(0).getInt(1), fits.get(1).getInt(1));
    assertThat(fits.get(6).getInt(1)).as("rung 2: the best of rung 1").isEqualTo(fits.get(4).getInt(1));
    assertThat(result.rungs()).isEqualTo(3);
    assertThat(result.bestTrial()).isEqualTo(fits.get(6).getInt(1));
    assertThat(result.trials()).hasSize(4).extracting(TrialResult::rung).containsExactlyInAnyOrder(0, 0, 1, 2);
  }

  static TuneResult tune(TrainFixture f) {
    TuneResult[] result = new TuneResult[1];
    JobLauncher.run("tune", f.config(), f.spark, (s, c, r) -> result[0] = TuneJob.create(s, c, Optional.empty(), r).run());
    return result[0];
  }

  private static TrainFixture fixture(Path home, String parallelism) {
    TrainFixture f = new TrainFixture(home);
    SEARCH.forEach(f::set);
    return f.set(parallelism);
  }

  private static TrialResult withSeconds(TrialResult t, double seconds) {
    return new TrialResult(t.trial(), t.rung(), t.values(), t.status(), t.reason(), t.metric(), t.validationMetric(),
        t.validationLoss(), t.bestEpoch(), t.epochsRun(), seconds);
  }

  private static String[] childArgs(TrainFixture f) {
    List<String> args = new ArrayList<>(List.of(f.home.toString()));
    args.addAll(f.sets.subList(TrainFixture.SMALL_NETWORK.size(), f.sets.size()));
    return args.toArray(String[]::new);
  }

  /** Polls for the first commit of tuning_trials (the first wave), then kills the child at once. */
  private static void killAfterTheFirstCommit(Process child, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.exists(log.resolve("00000000000000000000.json"))) {
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        child.waitFor();
        return;
      }
      Thread.sleep(5);
    }
    child.destroyForcibly();
    throw new AssertionError("The child never recorded a trial (exit " + (child.isAlive() ? "none" : child.exitValue())
        + "); see its log");
  }
}
