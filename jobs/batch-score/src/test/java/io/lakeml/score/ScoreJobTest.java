package io.lakeml.score;

import static io.lakeml.score.ScoreFixture.MAY_1;
import static io.lakeml.score.ScoreFixture.MAY_2;
import static io.lakeml.score.ScoreFixture.MAY_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.lakeml.internal.data.SyntheticFlights;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.dataset.DateWindow;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.testing.RawFlights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * batch-score on real models, registry, canaries and Delta tables. One lakehouse is shared: two
 * models are trained, evaluated and promoted once (2 in production, 1 before it), and each test
 * writes the raw input it needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreJobTest {
  static final int PER_DAY = 1_500;
  @TempDir static Path home;
  ScoreFixture f;

  @BeforeAll
  void twoModelsInProduction() throws Exception {
    f = new ScoreFixture(home).twoProductionVersions();
  }

  @Test
  void scoresADateWithItsLineageAndCountsThatReconcile() {
    f.raw(SyntheticFlights.generate(f.spark, SyntheticSpec.clean(3L * PER_DAY, 9).withWindow(MAY_1, 3))
        .unionByName(badRowsOnMay1()));

    ScoreResult r = f.score(MAY_1);

    assertThat(r.rowsRead()).isEqualTo(r.rowsScored() + r.rowsQuarantined());
    assertThat(r.rowsQuarantined()).isEqualTo(2);
    assertThat(r.reasons()).containsOnlyKeys("NULL_REQUIRED", "OUT_OF_RANGE");
    assertThat(r.modelVersion()).isEqualTo(2);
    assertThat(r.fallback()).isFalse();
    Dataset<Row> scored = f.scored(MAY_1);
    assertThat(scored.count()).isEqualTo(r.rowsScored()).isBetween(PER_DAY - 200L, PER_DAY + 200L);
    assertThat(scored.columns()).containsExactly("date", "distance", "origin", "destination", "row_id", "score",
        "predicted_label", "threshold", "model_name", "model_version", "variant", "other_model_version", "other_score",
        "run_id", "scored_at", "fallback", "score_date");
    Row stats = scored.selectExpr("min(score)", "max(score)", "count(DISTINCT run_id)", "min(model_version)",
        "max(model_version)", "sum(CAST(fallback AS INT))", "count(DISTINCT variant)", "count(other_score)",
        "sum(CAST((score >= threshold) <> (predicted_label = 1) AS INT))").first();
    assertThat(stats.getDouble(0)).isGreaterThanOrEqualTo(0);
    assertThat(stats.getDouble(1)).isLessThanOrEqualTo(1).isGreaterThan(stats.getDouble(0));
    assertThat(stats.getLong(2)).isEqualTo(1);
    assertThat(List.of(stats.getLong(3), stats.getLong(4))).containsOnly(2L);
    assertThat(stats.getLong(5)).isZero();
    assertThat(stats.getLong(6)).isEqualTo(1);
    assertThat(stats.getLong(7)).isZero();
    assertThat(stats.getLong(8)).isZero();
    assertThat(f.table(TableNames.scoringQuarantine("flights")).where("event_date = DATE'2001-05-01'").count()).isEqualTo(2);

    Row commit = DeltaTable.forPath(f.spark, f.scoredPath()).history().where("version = " + r.scoredVersion().orElseThrow()).first();
    assertThat(commit.<String>getAs("userMetadata")).contains("\"run_id\":\"" + r.runId() + "\"", "\"model_version\":2");
    Map<String, String> properties = DeltaTable.forPath(f.spark, f.scoredPath()).detail().first().getJavaMap(
        DeltaTable.forPath(f.spark, f.scoredPath()).detail().schema().fieldIndex("properties"));
    assertThat(properties).containsEntry("delta.logRetentionDuration", "interval 30 days")
        .containsEntry("delta.deletedFileRetentionDuration", "interval 30 days")
        .containsEntry("delta.dataSkippingStatsColumns", "`model_version`,`score`");
    Row monitoring = f.table(TableNames.MONITORING).where("run_id = '" + r.runId() + "'").first();
    assertThat(monitoring.<Long>getAs("rows_read")).isEqualTo(r.rowsRead());
    assertThat(monitoring.<Long>getAs("rows_quarantined")).isEqualTo(2);
    assertThat(monitoring.<scala.collection.Map<String, Double>>getAs("metrics").contains("batch_ms_p99")).isTrue();
    assertThat(r.metrics().get("batch_ms_p99")).isGreaterThanOrEqualTo(r.metrics().get("batch_ms_p50"));
    assertThat(r.metrics().get("champion.rows")).isEqualTo((double) r.rowsScored());
    assertThat(r.metrics().get("errors")).isZero();
    Row manifest = f.table(TableNames.RUNS).where("run_id = '" + r.runId() + "'").first();
    assertThat(manifest.<String>getAs("status")).isEqualTo("SUCCEEDED");
  }

  @Test
  void whatTheTablesOwnersTurnOnIsHonouredByBothWriters() throws Exception {
    TableFeatureSequence sequence = new TableFeatureSequence(f);
    try {
      Map<String, Object> direct = sequence.run("direct");
      Map<String, Object> delta = sequence.run("delta");

      assertThat(direct).isEqualTo(delta);
    } finally {
      sequence.dropScoredTable(); // the other tests start from a plain table
    }
  }

  @Test
  void scoringTheSameDateThreeTimesGivesIdenticalContent() {
    f.raw(PER_DAY);
    ScoreResult first = f.score(MAY_2);
    String content = f.content(MAY_2);

    ScoreResult second = f.score(MAY_2);
    ScoreResult third = f.score(MAY_2);

    assertThat(List.of(second.rowsScored(), third.rowsScored())).containsOnly(first.rowsScored());
    assertThat(f.scored(MAY_2).count()).isEqualTo(first.rowsScored());
    assertThat(f.content(MAY_2)).isEqualTo(content);
    assertThat(f.scored(MAY_2).select("run_id").distinct().first().getString(0)).isEqualTo(third.runId());
  }

  /**
   * Two runs scoring the same date at once, with either writer: both succeed (the later commit
   * replaces the earlier one's rows) or one of them meets the other's commit and fails with a
   * retryable EXTERNAL error; the date then holds exactly one run's rows, never a mix or twice.
   */
  @Test
  void twoScoringsOfTheSameDateAtOnceLeaveOneRunsRows() throws Exception {
    f.raw(PER_DAY);
    for (String writer : List.of("direct", "delta")) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        List<java.util.concurrent.Future<ScoreResult>> runs = List.of(
            pool.submit(() -> f.score(MAY_2, "lakeml.score.writer=" + writer)),
            pool.submit(() -> f.score(MAY_2, "lakeml.score.writer=" + writer)));
        List<ScoreResult> succeeded = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<ScoreResult> run : runs) {
          try {
            succeeded.add(run.get());
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(LakemlException.categoryOf(e.getCause())).as("%s writer: %s", writer, e.getCause())
                .isEqualTo(ErrorCategory.EXTERNAL);
          }
        }
        assertThat(succeeded).as("%s writer: at least one run commits", writer).isNotEmpty();
        Row date = f.scored(MAY_2).selectExpr("count(*)", "count(DISTINCT row_id)", "count(DISTINCT run_id)", "first(run_id)").first();
        assertThat(date.getLong(0)).as("%s writer: one run's rows", writer).isEqualTo(succeeded.get(0).rowsScored());
        assertThat(date.getLong(1)).as("%s writer: no row twice", writer).isEqualTo(date.getLong(0));
        assertThat(date.getLong(2)).as("%s writer: rows of a single run", writer).isEqualTo(1);
        assertThat(succeeded).extracting(ScoreResult::runId).as("%s writer", writer).contains(date.getString(3));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void backfillScoresEachDateInItsOwnCommitAndResumeSkipsWhatIsDone() {
    f.raw(PER_DAY);
    long before = f.scoredVersion();

    List<ScoreResult> results = f.score(DateWindow.of(MAY_1, MAY_3), Optional.empty(), false);

    assertThat(results).extracting(ScoreResult::date).containsExactly(MAY_1, MAY_2, MAY_3);
    assertThat(results).extracting(ScoreResult::runId).doesNotHaveDuplicates();
    assertThat(f.scoredVersion()).isEqualTo(before + 3);
    for (ScoreResult r : results) {
      assertThat(f.scored(r.date()).count()).isEqualTo(r.rowsScored());
    }
    List<ScoreResult> resumed = f.score(DateWindow.of(MAY_1, MAY_3), Optional.empty(), true);
    assertThat(resumed).allMatch(ScoreResult::skipped);
    assertThat(f.scoredVersion()).isEqualTo(before + 3);
  }

  @Test
  void aFailingDateStopsTheBackfillKeepsEarlierDatesAndSaysHowToResume() {
    f.raw(PER_DAY);
    java.time.LocalDate may4 = java.time.LocalDate.of(2001, 5, 4);
    long before = f.scoredVersion();

    assertThatThrownBy(() -> f.score(DateWindow.of(MAY_3, may4), Optional.empty(), false))
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("Dates 2001-05-03..2001-05-03 were scored and committed; 2001-05-04 failed")
        .hasMessageContaining("has no rows for 2001-05-04").hasMessageContaining("--resume");
    assertThat(f.scoredVersion()).isGreaterThan(before);
    assertThat(f.scored(MAY_3).count()).isPositive();
    long committed = f.scoredVersion();

    // Resuming skips May 3 (same model, input, config) and stops at May 4 again: no new commit.
    assertThatThrownBy(() -> f.score(DateWindow.of(MAY_3, may4), Optional.empty(), true))
        .hasMessageContaining("has no rows for 2001-05-04");
    assertThat(f.scoredVersion()).isEqualTo(committed);
  }

  @Test
  void challengerServesItsShareByAStableHashAndBothScoresAreLogged() {
    f.raw(PER_DAY);
    String[] challenger = {"lakeml.score.challenger.version=1", "lakeml.score.challenger.traffic-percent=30"};

    ScoreResult r = f.score(MAY_3, challenger);
    List<Row> first = f.scored(MAY_3).select("row_id", "variant").orderBy("row_id", "variant").collectAsList();
    f.score(MAY_3, challenger);

    assertThat(r.challengerVersion()).contains(1L);
    Dataset<Row> scored = f.scored(MAY_3);
    double share = scored.where("variant = 'challenger'").count() / (double) scored.count();
    assertThat(share).isBetween(0.22, 0.38);
    assertThat(r.metrics().get("challenger_share")).isEqualTo(share);
    assertThat(scored.where("variant = 'challenger' AND (model_version <> 1 OR other_model_version <> 2)").count()).isZero();
    assertThat(scored.where("variant = 'champion' AND (model_version <> 2 OR other_model_version <> 1)").count()).isZero();
    assertThat(scored.where("other_score IS NULL OR other_score = score").count()).isLessThan(scored.count() / 10);
    assertThat(f.scored(MAY_3).select("row_id", "variant").orderBy("row_id", "variant").collectAsList()).isEqualTo(first);
    assertThat(r.metrics()).containsKeys("challenger.score_mean", "champion.score_mean", "challenger.other_score_mean");
  }

  @Test
  void lakemlsOwnWriterAndDeltasWriterWriteTheSameTable() {
    f.raw(SyntheticFlights.generate(f.spark, SyntheticSpec.clean(PER_DAY, 5).withWindow(MAY_1, 1))
        .unionByName(badRowsOnMay1()));
    String[] champion = {};
    String[] challenger = {"lakeml.score.challenger.version=1", "lakeml.score.challenger.traffic-percent=30"};
    for (String[] plan : List.of(champion, challenger)) {
      ScoreResult direct = f.score(MAY_1, with(plan, "lakeml.score.writer=direct"));
      String content = f.content(MAY_1);
      Map<String, Double> directStats = fileStats(MAY_1);
      ScoreResult delta = f.score(MAY_1, with(plan, "lakeml.score.writer=delta"));

      assertThat(direct.metrics()).containsEntry("direct_writer", 1.0);
      assertThat(delta.metrics()).containsEntry("direct_writer", 0.0);
      assertThat(List.of(direct.rowsRead(), direct.rowsScored(), direct.rowsQuarantined()))
          .isEqualTo(List.of(delta.rowsRead(), delta.rowsScored(), delta.rowsQuarantined()));
      assertThat(direct.rowsQuarantined()).isEqualTo(2);
      assertThat(f.content(MAY_1)).isEqualTo(content);
      assertThat(fileStats(MAY_1)).isEqualTo(directStats);
      // The score summaries: gathered while writing (direct) or read back from the files (delta).
      Map<String, Double> summaries = summaries(delta.metrics());
      assertThat(summaries).containsKeys("champion.score_stddev", "champion.positive_share", "errors");
      assertThat(summaries(direct.metrics())).containsOnlyKeys(summaries.keySet());
      summaries.forEach((k, v) -> assertThat(direct.metrics().get(k)).as(k).isCloseTo(v,
          org.assertj.core.data.Offset.offset(1e-12)));
      // DESCRIBE HISTORY reads the same: the operation metrics Delta's writer records, removes with statistics.
      Map<String, String> directOps = operationMetrics(direct.scoredVersion().orElseThrow());
      Map<String, String> deltaOps = operationMetrics(delta.scoredVersion().orElseThrow());
      assertThat(directOps.keySet()).isEqualTo(deltaOps.keySet()).contains("numOutputRows", "numRemovedFiles", "numDeletedRows");
      assertThat(directOps.get("numOutputRows")).isEqualTo(deltaOps.get("numOutputRows"))
          .isEqualTo(String.valueOf(direct.rowsScored()));
      assertThat(deltaOps.get("numDeletedRows")).isEqualTo(String.valueOf(direct.rowsScored()));
      assertThat(removesWithoutStatistics(direct.scoredVersion().orElseThrow())).isZero();
    }
  }

  /**
   * The fast paths against their library paths, on the same rows: compiled features against the
   * saved PipelineModel, lakeml's forward pass against DL4J's output(), each alone and together,
   * champion with a challenger. The input has unseen categories, rejected rows and more
   * partitions than rows on some dates (empty partitions).
   */
  @Test
  void everyScoringPathGivesTheSameScores() {
    RawFlights unseen = RawFlights.good(6);
    for (int i = 0; i < 6; i++) {
      unseen.with(i, "date", LocalDateTime.of(2001, 5, 1, 9 + i, 0));
    }
    unseen.with(0, "origin", "ZZZ").with(1, "destination", "QQQ").with(2, "origin", "ZZZ").with(2, "destination", "QQQ");
    f.raw(SyntheticFlights.generate(f.spark, SyntheticSpec.clean(600, 5).withWindow(MAY_1, 1))
        .unionByName(badRowsOnMay1()).unionByName(unseen.toDf(f.spark)).repartition(16));
    String[] challenger = {"lakeml.score.challenger.version=1", "lakeml.score.challenger.traffic-percent=30"};
    ScoreResult fast = f.score(MAY_1, challenger);
    Dataset<Row> expected = f.scored(MAY_1).select("row_id", "score", "other_score", "predicted_label", "threshold").cache();
    // lakeml's own writer takes the compiled path's internal rows only: its use says which path ran.
    assertThat(fast.metrics()).containsEntry("direct_writer", 1.0).containsEntry("unseen.origin", 2.0)
        .containsEntry("unseen.destination", 2.0);

    for (String[] paths : List.of(new String[] {"lakeml.score.features=pipeline"},
        new String[] {"lakeml.score.network=dl4j"},
        new String[] {"lakeml.score.features=pipeline", "lakeml.score.network=dl4j"})) {
      ScoreResult library = f.score(MAY_1, with(with(challenger, paths[0]), paths[paths.length - 1]));

      assertThat(library.metrics()).as(String.join(",", paths))
          .containsEntry("direct_writer", paths[0].endsWith("pipeline") ? 0.0 : 1.0)
          .containsEntry("unseen.origin", 2.0).containsEntry("unseen.destination", 2.0);
      assertThat(List.of(library.rowsRead(), library.rowsScored(), library.rowsQuarantined()))
          .isEqualTo(List.of(fast.rowsRead(), fast.rowsScored(), fast.rowsQuarantined()));
      Row worst = f.scored(MAY_1).alias("l").join(expected.alias("e"), "row_id")
          .selectExpr("max(abs(l.score - e.score))", "max(abs(l.other_score - e.other_score))",
              "sum(CASE WHEN l.predicted_label <> e.predicted_label AND abs(e.score - e.threshold) > 1e-4 THEN 1 ELSE 0 END)",
              "count(*)").first();
      assertThat(worst.getLong(3)).as(String.join(",", paths)).isEqualTo(fast.rowsScored());
      assertThat(worst.getDouble(0)).as(String.join(",", paths)).isLessThan(1e-5);
      assertThat(worst.getDouble(1)).as(String.join(",", paths)).isLessThan(1e-5);
      assertThat(worst.getLong(2)).as(String.join(",", paths)).isZero();
    }
    expected.unpersist();
  }

  private Map<String, String> operationMetrics(long version) {
    return DeltaTable.forPath(f.spark, f.scoredPath()).history().where("version = " + version).first()
        .getJavaMap(DeltaTable.forPath(f.spark, f.scoredPath()).history().schema().fieldIndex("operationMetrics"));
  }

  private long removesWithoutStatistics(long version) {
    return f.spark.read().json(f.scoredPath() + String.format("/_delta_log/%020d.json", version))
        .where("remove IS NOT NULL").selectExpr("to_json(remove) AS r").where("r NOT LIKE '%\"stats\"%'").count();
  }

  private static Map<String, Double> summaries(Map<String, Double> metrics) {
    Map<String, Double> m = new java.util.TreeMap<>();
    metrics.forEach((k, v) -> {
      if (k.startsWith("champion.") || k.startsWith("challenger.") || k.equals("errors")) {
        m.put(k, v);
      }
    });
    return m;
  }

  private static String[] with(String[] sets, String set) {
    String[] all = java.util.Arrays.copyOf(sets, sets.length + 1);
    all[sets.length] = set;
    return all;
  }

  /** The Delta statistics of a date's files, as a reader's data skipping sees them: rows, bounds, nulls. */
  private Map<String, Double> fileStats(java.time.LocalDate date) {
    Row r = org.apache.spark.sql.delta.DeltaLog.forTable(f.spark, f.scoredPath()).update(false, scala.Option.empty(),
            scala.Option.empty()).allFiles().toDF().where("partitionValues['score_date'] = '" + date + "'")
        .selectExpr("from_json(stats, 'numRecords LONG, minValues STRUCT<score: DOUBLE, model_version: LONG>, "
            + "maxValues STRUCT<score: DOUBLE, model_version: LONG>, nullCount STRUCT<score: LONG, model_version: LONG>') s")
        .selectExpr("sum(s.numRecords)", "min(s.minValues.score)", "max(s.maxValues.score)",
            "min(s.minValues.model_version)", "max(s.maxValues.model_version)", "sum(s.nullCount.score)",
            "sum(s.nullCount.model_version)").first();
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < r.size(); i++) {
      m.put(r.schema().fields()[i].name(), r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue());
    }
    assertThat(m.get("sum(s.numRecords)")).isPositive();
    return m;
  }

  @Test
  void aVersionAskedForByNumberScores() {
    f.raw(PER_DAY);

    ScoreResult r = f.score(DateWindow.day(MAY_1), Optional.of(1L), false).get(0);

    assertThat(r.modelVersion()).isEqualTo(1);
    assertThat(f.scored(MAY_1).where("model_version <> 1").count()).isZero();
    assertThatThrownBy(() -> f.score(DateWindow.day(MAY_1), Optional.of(9L), false))
        .isInstanceOf(LakemlException.class).hasMessageContaining("Model flights has no version 9");
  }

  @Test
  void inputWithoutAFeatureColumnIsADataErrorNamingItAndWritesNothing() {
    f.raw(RawFlights.good(30).without("origin").toDf(f.spark));
    long before = f.scoredVersion();

    assertThatThrownBy(() -> f.score(MAY_1))
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("origin").hasMessageContaining(home.resolve("raw").toString());
    assertThat(f.scoredVersion()).isEqualTo(before);
  }

  @Test
  void aDateWithoutRowsFailsOrIsRecordedEmptyAsConfigured() {
    f.raw(PER_DAY);

    assertThatThrownBy(() -> f.score(DateWindow.day(java.time.LocalDate.of(2001, 6, 1)), Optional.empty(), false))
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("has no rows for 2001-06-01");
    ScoreResult skipped = f.score(java.time.LocalDate.of(2001, 6, 2), "lakeml.score.empty-date=skip");
    assertThat(skipped.rowsRead()).isZero();
    assertThat(f.scored(java.time.LocalDate.of(2001, 6, 2)).count()).isZero();
  }

  @Test
  void unseenCategoriesAreScoredAndCountedNullsInFeaturesAreQuarantined() {
    RawFlights raw = RawFlights.good(20);
    for (int i = 0; i < 20; i++) {
      raw.with(i, "date", LocalDateTime.of(2001, 5, 1, 6 + i % 18, 0));
    }
    f.raw(raw.with(0, "origin", "ZZZ").with(1, "destination", "QQQ").with(2, "origin", null).toDf(f.spark));

    ScoreResult r = f.score(MAY_1);

    assertThat(r.rowsRead()).isEqualTo(20);
    assertThat(r.rowsScored()).isEqualTo(19);
    assertThat(r.reasons()).containsExactly(Map.entry("NULL_REQUIRED", 1L));
    assertThat(r.metrics()).containsEntry("unseen.origin", 1.0).containsEntry("unseen.destination", 1.0);
    assertThat(f.scored(MAY_1).where("origin = 'ZZZ'").first().<Double>getAs("score")).isBetween(0.0, 1.0);
  }

  @Test
  void corruptProductionArtefactFallsBackToThePreviousVersionAndAlerts() throws IOException {
    f.raw(PER_DAY);
    Path network = artefact(2);
    Path saved = Files.copy(network, home.resolve("saved-network.zip"), StandardCopyOption.REPLACE_EXISTING);
    Row v2 = f.table(TableNames.MODEL_VERSIONS).where("version = 2").first();
    String uri = v2.getAs("artefact_uri");
    String sha = v2.getAs("artefact_sha256");
    io.lakeml.internal.model.LoadedModel loaded = io.lakeml.internal.model.LoadedModel.load(f.spark, uri, sha);
    assertThat(io.lakeml.internal.model.LoadedModel.load(f.spark, uri, sha)).as("loaded once per JVM").isSameAs(loaded);
    try {
      Files.write(network, new byte[] {1, 2, 3});
      assertThatThrownBy(() -> io.lakeml.internal.model.LoadedModel.load(f.spark, uri, sha))
          .as("a loaded artefact is verified again before it is reused").hasMessageContaining("network.zip");

      ScoreResult r = f.score(MAY_2);

      assertThat(r.fallback()).isTrue();
      assertThat(r.modelVersion()).isEqualTo(1);
      assertThat(f.scored(MAY_2).where("NOT fallback OR model_version <> 1").count()).isZero();
      Row alert = f.table(TableNames.ALERTS).where("kind = 'fallback' AND run_id = '" + r.runId() + "'").first();
      assertThat(alert.<String>getAs("severity")).isEqualTo("critical");
      assertThat(alert.<String>getAs("message")).contains("flights v2", "v1 serves instead");
    } finally {
      Files.copy(saved, network, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void withNoHealthyVersionNothingIsWritten() throws IOException {
    f.raw(PER_DAY);
    long before = f.scoredVersion();
    Path one = artefact(1);
    Path two = artefact(2);
    Path savedOne = Files.copy(one, home.resolve("saved-1.zip"), StandardCopyOption.REPLACE_EXISTING);
    Path savedTwo = Files.copy(two, home.resolve("saved-2.zip"), StandardCopyOption.REPLACE_EXISTING);
    try {
      Files.write(one, new byte[] {1});
      Files.write(two, new byte[] {2});

      assertThatThrownBy(() -> f.score(MAY_1))
          .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
          .hasMessageContaining("No healthy version of model flights").hasMessageContaining("v2:").hasMessageContaining("v1:");
      assertThat(f.scoredVersion()).isEqualTo(before);
    } finally {
      Files.copy(savedOne, one, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(savedTwo, two, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path artefact(long version) {
    return home.resolve("lakehouse/models/flights/" + version + "/network.zip");
  }

  /** A null origin and a negative distance, both on May 1. */
  private Dataset<Row> badRowsOnMay1() {
    RawFlights bad = RawFlights.good(2).with(0, "date", LocalDateTime.of(2001, 5, 1, 7, 0))
        .with(1, "date", LocalDateTime.of(2001, 5, 1, 8, 0)).with(0, "origin", null).with(1, "distance", -5);
    return bad.toDf(f.spark);
  }
}
