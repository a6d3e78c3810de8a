package io.lakeml.score;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import io.lakeml.internal.data.SyntheticFlights;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.dataset.DateWindow;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.ContentHash;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelStage;
import io.lakeml.testing.PreparedTables;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import io.lakeml.testing.TrainedModels;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A lakehouse with two real models promoted to production in turn (so version 1 is the previous
 * production version of version 2), with their canary batches stored as evaluation stores them, and a raw source of
 * synthetic flights for May 2001 to score.
 */
final class ScoreFixture {
  static final LocalDate MAY_1 = LocalDate.of(2001, 5, 1);
  static final LocalDate MAY_2 = LocalDate.of(2001, 5, 2);
  static final LocalDate MAY_3 = LocalDate.of(2001, 5, 3);

  final Path home;
  final SparkSession spark = SparkTestSession.get();
  final List<String> sets = new ArrayList<>();

  ScoreFixture(Path home) {
    this.home = home;
  }

  LakemlConfig config(String... extra) {
    String dataset = TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    List<String> all = new ArrayList<>(List.of("lakeml.evaluate.gate.binary.min.auc=0.5",
        "lakeml.evaluate.gate.binary.max-worsening.auc=1", "lakeml.evaluate.gate.binary.max-worsening.log_loss=100", "lakeml.dataset.source.path=" + home.resolve("raw")));
    all.addAll(sets);
    all.addAll(List.of(extra));
    return ConfigLoader.create(new LakemlHome(home))
        .file(TestConfigs.write(home, "test.conf", "include file(\"" + dataset + "\")\nlakeml.lakehouse.root = lakehouse\n"))
        .setAll(all).load();
  }

  Lakehouse lakehouse() {
    return Lakehouse.of(config());
  }

  ModelRegistry registry() {
    return new ModelRegistry(spark, lakehouse());
  }

  /** Versions 1 and 2, trained, evaluated and promoted in turn: 2 in production, 1 archived. */
  ScoreFixture twoProductionVersions() throws Exception {
    long data = PreparedTables.write(spark, config(), SyntheticSpec.clean(4_000, 5));
    for (int i = 1; i <= 2; i++) {
      long v = TrainedModels.registerDev(spark, config(), data, 10 + 10 * i, "train-" + i);
      TrainedModels.storeCanary(spark, config(), data, v);
      registry().passEvaluation("flights", v, "tester", "canary stored as evaluation stores it", "eval-" + i);
      registry().promote("flights", v, ModelStage.PRODUCTION, Optional.of("tester"), Optional.of("test"), "test", "t" + i);
    }
    return this;
  }

  /** Synthetic raw flights, {@code perDay} rows on each of May 1-3. */
  ScoreFixture raw(int perDay) {
    return raw(SyntheticFlights.generate(spark, SyntheticSpec.clean(3L * perDay, 9).withWindow(MAY_1, 3)));
  }

  ScoreFixture raw(Dataset<Row> rows) {
    rows.repartition(4).write().mode("overwrite").parquet(home.resolve("raw").toString());
    return this;
  }

  List<ScoreResult> score(DateWindow window, Optional<Long> version, boolean resume, String... extraSets) {
    return ScoreBackfill.create(spark, config(extraSets), version, resume).execute(window, r -> { });
  }

  ScoreResult score(LocalDate date, String... extraSets) {
    return score(DateWindow.day(date), Optional.empty(), false, extraSets).get(0);
  }

  String scoredPath() {
    return lakehouse().tablePath(TableNames.scored("flights"));
  }

  Dataset<Row> scored(LocalDate date) {
    return spark.read().format("delta").load(scoredPath()).where("score_date = DATE'" + date + "'");
  }

  long scoredVersion() {
    return DeltaTables.latestVersion(spark, scoredPath()).orElse(-1L);
  }

  /** The content of a date, without what differs by design between runs (run id, scoring time). */
  String content(LocalDate date) {
    return ContentHash.of(scored(date).drop("run_id", "scored_at"));
  }

  Dataset<Row> table(String name) {
    return spark.read().format("delta").load(lakehouse().tablePath(name));
  }
}
