package io.lakeml.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.dataset.DateWindow;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.ContentHash;
import io.lakeml.testing.RawFlights;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data-prep on real Spark, Deequ and Delta, with good and bad inputs. */
class PrepJobTest {
  @TempDir Path home;
  PrepFixture prep;

  @BeforeEach
  void setUp() {
    prep = new PrepFixture(home);
  }

  @Test
  void cleanInputIsWrittenWithReportBaselineAndLineage() {
    prep.source(RawFlights.good(40).toDf(prep.spark));

    PrepResult r = prep.run();

    assertThat(r.passed()).isTrue();
    assertThat(r.rowsRead()).isEqualTo(40).isEqualTo(r.rowsAccepted() + r.rowsQuarantined());
    assertThat(prep.prepared().count()).isEqualTo(40);
    assertThat(prep.prepared().columns()).contains("event_date", "hour_of_day", "label").doesNotContain(io.lakeml.dataset.RowIdentity.COLUMN)
        .doesNotContain("_violation", "_original", "_source_file");
    assertThat(r.contentHash()).contains(ContentHash.of(prep.prepared()));
    String preparedPath = io.lakeml.internal.lakehouse.Lakehouse.of(prep.config()).tablePath(TableNames.prepared("flights"));
    assertThat(io.delta.tables.DeltaTable.forPath(prep.spark, preparedPath).detail().first().<scala.collection.Map<String, String>>getAs("properties")
        .get("delta.dataSkippingStatsColumns").get()).isEqualTo("`date`");
    assertThat(prep.table(TableNames.quality("flights")).where("kind = 'check'").count()).isGreaterThan(5);
    assertThat(prep.table(TableNames.baseline("flights"))
        .where("feature = 'distance' AND stat = 'quantile'").count()).isEqualTo(11);
    assertThat(prep.table(TableNames.baseline("flights"))
        .where("feature = 'origin' AND bucket = 'ORD'").first().<Double>getAs("value")).isEqualTo(1.0);
    assertThat(prep.table(TableNames.baseline("flights"))
        .where("stat = 'row_count'").first().<Double>getAs("value")).isEqualTo(40.0);
    assertThat(r.notes()).anyMatch(n -> n.contains("No quality history yet"));
    assertThat(r.summary()).contains("rows read 40 = accepted 40 + quarantined 0");
    assertThat(prep.quarantine().count()).as("the quarantine exists from the first clean run, empty").isZero();
    assertThat(prep.quarantine().columns()).contains("reason_code", "column", "original", "run_id", "event_date");
  }

  @Test
  void rerunsAndBackfillsReplaceExactlyTheirWindow() {
    prep.source(RawFlights.good(40).toDf(prep.spark)); // 2001-01-01 .. 2001-01-03
    String first = prep.run().contentHash().orElseThrow();
    String again = prep.run().contentHash().orElseThrow();
    assertThat(again).isEqualTo(first);
    assertThat(prep.prepared().count()).isEqualTo(40);

    PrepResult day = prep.run(DateWindow.day(LocalDate.of(2001, 1, 2)));

    assertThat(day.rowsRead()).isEqualTo(18);
    assertThat(prep.prepared().count()).isEqualTo(40);
    assertThat(ContentHash.of(prep.prepared())).isEqualTo(first);
  }

  @Test
  void badRowsAreQuarantinedWithReasonsAndOriginalValues() {
    prep.set("lakeml.dataset.max-rejected-fraction=0.5")
        .source(RawFlights.good(10).wrongTypes("n/a").with(1, "distance", "-5").with(2, "date", "31/02/2001")
            .with(3, "origin", null).toDf(prep.spark));

    PrepResult r = prep.run();

    assertThat(r.rowsRead()).isEqualTo(10);
    assertThat(r.rowsQuarantined()).isEqualTo(4);
    assertThat(r.rowsAccepted()).isEqualTo(6);
    assertThat(r.reasons()).containsEntry("UNPARSEABLE", 2L).containsEntry("OUT_OF_RANGE", 1L)
        .containsEntry("NULL_REQUIRED", 1L);
    Row textDelay = prep.quarantine().where("original.delay = 'n/a'").first();
    assertThat(textDelay.<String>getAs("reason_code")).isEqualTo("UNPARSEABLE");
    assertThat(textDelay.<String>getAs("column")).isEqualTo("delay");
    assertThat(textDelay.<String>getAs("source_file")).contains("/raw/part-");
    assertThat(textDelay.<String>getAs("run_id")).startsWith("prep-");
    assertThat(prep.prepared().count()).isEqualTo(6);
    assertThat(prep.table(TableNames.baseline("flights")).where("stat = 'row_count'").first().<Double>getAs("value"))
        .as("the baseline describes the accepted rows").isEqualTo(6.0);
  }

  @Test
  void nanAndInfinityAreQuarantined() {
    prep.set("lakeml.dataset.max-rejected-fraction=0.5").source(RawFlights.good(10).withNaN().toDf(prep.spark));

    PrepResult r = prep.run();

    assertThat(r.reasons()).containsExactly(java.util.Map.entry("NAN_OR_INFINITE", 2L));
    assertThat(prep.prepared().count()).isEqualTo(8);
  }

  @Test
  void tooManyRejectedRowsFailWithTheMeasuredShareAndKeepTheQuarantine() {
    prep.source(RawFlights.good(10).with(1, "distance", -5).toDf(prep.spark));

    assertThatThrownBy(prep::run)
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("Data quality checks failed for flights")
        .hasMessageContaining("at most 0.01 of rows rejected (max-rejected-fraction): FAILED, measured 0.9")
        .hasMessageContaining("rows read 10 = accepted 9 + quarantined 1")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
    assertThat(prep.quarantine().count()).isEqualTo(1);
  }

  @Test
  void aFailedCheckPublishesNothingAndLeavesNoStagedFileBehind() throws Exception {
    prep.source(RawFlights.good(10).toDf(prep.spark));
    prep.run();
    java.nio.file.Path table = java.nio.file.Path.of(java.net.URI.create(
        io.lakeml.internal.lakehouse.Lakehouse.of(prep.config()).tablePath(TableNames.prepared("flights"))));
    java.util.Set<java.nio.file.Path> filesBefore = parquetFiles(table);
    String contentBefore = ContentHash.of(prep.prepared());

    prep.source(RawFlights.good(10).with(1, "distance", -5).with(2, "distance", -6).toDf(prep.spark));
    assertThatThrownBy(prep::run).hasMessageContaining("of rows rejected (max-rejected-fraction): FAILED");

    assertThat(io.lakeml.internal.lakehouse.DeltaTables.latestVersion(prep.spark, table.toUri().toString())).contains(0L);
    assertThat(ContentHash.of(prep.prepared())).isEqualTo(contentBefore);
    assertThat(parquetFiles(table)).as("the failed run's staged files are deleted").isEqualTo(filesBefore);
  }

  private static java.util.Set<java.nio.file.Path> parquetFiles(java.nio.file.Path table) throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(table)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void aColumnThatIsEntirelyNullFailsTheRun() {
    prep.set("lakeml.dataset.max-rejected-fraction=1.0");
    var raw = RawFlights.good(5);
    for (int i = 0; i < 5; i++) {
      raw.with(i, "origin", null);
    }
    prep.source(raw.toDf(prep.spark));

    assertThatThrownBy(prep::run).hasMessageContaining("column origin is not entirely null").hasMessageContaining("measured 0.0");
  }

  @Test
  void emptyInputFails() {
    prep.source(RawFlights.empty().toDf(prep.spark));

    assertThatThrownBy(prep::run).isInstanceOf(LakemlException.class).hasMessageContaining("the input has rows: FAILED, measured 0.0")
        .hasMessageContaining("check the source path and the dates given")
        .as("checks that fail only for want of rows are not listed").hasMessageNotContaining("completeness of column date")
        .hasMessageNotContaining("Missing Analysis");
  }

  @Test
  void missingRequiredColumnNamesSourceColumnAndType() {
    prep.source(RawFlights.good(3).without("origin").toDf(prep.spark));

    assertThatThrownBy(prep::run).hasMessageContaining("column 'origin' not found").hasMessageContaining("/raw")
        .hasMessageContaining("STRING");
  }

  @Test
  void extraColumnUnderTheFailPolicyIsRefused() {
    prep.set("lakeml.dataset.extra-columns=fail").source(RawFlights.good(3).withExtraColumn("gate").toDf(prep.spark));

    assertThatThrownBy(prep::run).hasMessageContaining("columns [gate] are not declared");
  }

  @Test
  void extraColumnUnderTheKeepPolicyIsCarried() {
    prep.set("lakeml.dataset.extra-columns=keep").source(RawFlights.good(3).withExtraColumn("gate").toDf(prep.spark));

    prep.run();

    assertThat(prep.prepared().columns()).contains("gate");
  }

  @Test
  void sourceThatDoesNotExistIsADataError() {
    assertThatThrownBy(prep::run).isInstanceOf(LakemlException.class).hasMessageContaining("/raw")
        .hasMessageContaining("does not exist");
  }

  @Test
  void corruptParquetFileAmongGoodOnesIsNamed() throws Exception {
    prep.source(RawFlights.good(3).toDf(prep.spark));
    Path bad = home.resolve("raw/part-99999-truncated.parquet");
    java.nio.file.Files.write(bad, new byte[] {'P', 'A', 'R', '1', 0, 0, 7});

    assertThatThrownBy(prep::run)
        .hasMessageContaining("part-99999-truncated.parquet is not a readable Parquet file")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
  }

  /**
   * The observed checks against Deequ's own VerificationSuite, on the same rows in two lakehouses:
   * a first run (rejected rows, NaN, nulls, a unique key, more partitions than some dates have
   * rows) and a second whose anomaly checks read the first's history. Same outcomes, measured
   * values, counts and content.
   */
  @Test
  void observedChecksAndDeequsVerificationSuiteAgree() {
    java.util.Map<String, java.util.List<String>> runs = new java.util.LinkedHashMap<>();
    for (String checks : java.util.List.of("observed", "deequ")) {
      PrepFixture p = new PrepFixture(home.resolve(checks)).set("lakeml.prep.checks=" + checks)
          .set("lakeml.dataset.max-rejected-fraction=0.5").set("lakeml.dataset.key-columns=[date, origin, destination]");
      java.util.List<String> seen = new java.util.ArrayList<>();
      p.source(RawFlights.good(30).withNaN().with(3, "distance", -5.0).with(4, "origin", null).toDf(p.spark).repartition(7));
      seen.addAll(described(p.run()));
      p.source(RawFlights.good(12).toDf(p.spark).repartition(5));
      seen.addAll(described(p.run()));
      runs.put(checks, seen);
    }
    assertThat(runs.get("observed")).hasSizeGreaterThan(10).isEqualTo(runs.get("deequ"))
        .anyMatch(l -> l.matches(".*\\| true \\| [0-9].*")).anyMatch(l -> l.startsWith("quarantined ") && !l.endsWith(" 0"));
  }

  private static java.util.List<String> described(PrepResult r) {
    java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of(
        "read " + r.rowsRead(), "accepted " + r.rowsAccepted(), "quarantined " + r.rowsQuarantined(),
        "reasons " + new java.util.TreeMap<>(r.reasons()), "hash " + r.contentHash().orElse("")));
    r.outcomes().stream().map(c -> c.check() + " | " + c.constraint() + " | " + c.passed() + " | "
        + c.value().map(v -> String.format("%.9g", v)).orElse("-")).sorted().forEach(out::add);
    return out;
  }

  @Test
  void duplicateKeysFailWhenKeysAreDeclaredUnique() {
    prep.set("lakeml.dataset.key-columns=[date, origin]")
        .source(RawFlights.good(3).with(1, "date", java.time.LocalDateTime.of(2001, 1, 1, 6, 0)).toDf(prep.spark));

    assertThatThrownBy(prep::run).hasMessageContaining("key [date, origin] is unique: FAILED");
  }

  @Test
  void unseenCategoriesAreAcceptedUnlessClosed() {
    prep.source(RawFlights.good(3).with(0, "origin", "ZZZ").toDf(prep.spark));
    assertThat(prep.run().rowsAccepted()).isEqualTo(3);
  }

  @Test
  void anomalyInRowCountWarnsOrFailsAsConfigured() {
    prep.source(RawFlights.good(40).toDf(prep.spark));
    prep.run();
    prep.source(RawFlights.good(10).toDf(prep.spark));

    PrepResult warned = prep.run();
    assertThat(warned.notes()).anyMatch(n -> n.startsWith("Anomaly (warning only): row count"));

    prep.set("lakeml.prep.anomaly-action=fail").source(RawFlights.good(2).toDf(prep.spark));
    assertThatThrownBy(prep::run).hasMessageContaining("anomaly: row count");
  }

  /**
   * Out of order: January 1 (18 rows), then January 3 (3 rows: an anomaly against January 1), then
   * the backfill of January 2 (18 rows), which is compared with its predecessor by event date,
   * January 1 (no anomaly), not with the run that finished before it, January 3 (ratio 6).
   */
  @Test
  void aBackfillIsComparedWithTheWindowBeforeItNotWithTheLatestRun() {
    prep.source(RawFlights.good(39).toDf(prep.spark));

    PrepResult first = prep.run(DateWindow.day(LocalDate.of(2001, 1, 1)));
    PrepResult third = prep.run(DateWindow.day(LocalDate.of(2001, 1, 3)));
    PrepResult second = prep.run(DateWindow.day(LocalDate.of(2001, 1, 2)));

    assertThat(first.notes()).anyMatch(n -> n.contains("No quality history yet"));
    assertThat(third.notes()).anyMatch(n -> n.startsWith("Anomaly (warning only): row count"));
    assertThat(second.rowsAccepted()).isEqualTo(18);
    assertThat(second.notes()).noneMatch(n -> n.contains("No quality history yet") || n.startsWith("Anomaly"));
    assertThat(prep.table(TableNames.QUALITY_HISTORY).orderBy("recorded_at").select("window_from").collectAsList())
        .extracting(r -> r.getDate(0).toString()).containsExactly("2001-01-01", "2001-01-03", "2001-01-02");
  }

  /**
   * Two days prepared at once (the tables exist: Delta refuses two writers creating one table)
   * both commit and both enter the history, each compared with January 1.
   */
  @Test
  void concurrentPrepsOfDifferentDatesBothEnterTheHistory() throws Exception {
    prep.source(RawFlights.good(54).toDf(prep.spark));
    prep.run(DateWindow.day(LocalDate.of(2001, 1, 1)));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      io.lakeml.config.LakemlConfig config = prep.config(); // loaded once: loading writes the test's conf file
      var day2 = pool.submit(() -> prepare(config, LocalDate.of(2001, 1, 2)));
      var day3 = pool.submit(() -> prepare(config, LocalDate.of(2001, 1, 3)));
      for (PrepResult r : List.of(day2.get(), day3.get())) {
        assertThat(r.rowsAccepted()).isEqualTo(18);
        assertThat(r.notes()).noneMatch(n -> n.contains("No quality history yet") || n.startsWith("Anomaly"));
      }
    } finally {
      pool.shutdown();
    }

    assertThat(prep.table(TableNames.QUALITY_HISTORY).count()).isEqualTo(3);
    assertThat(prep.prepared().count()).isEqualTo(54);
  }

  /**
   * Two preps of overlapping windows at once (January 1-2 and 2-3, after January 1 alone): each
   * commits, or loses to the other with a retryable EXTERNAL conflict and commits on its rerun;
   * never a mixed table: every date holds its rows exactly once, the content is what one prep of
   * the three days gives, and the history has a row for each committed run.
   */
  @Test
  void concurrentPrepsOfOverlappingWindowsCommitOrFailRetryably() throws Exception {
    prep.source(RawFlights.good(54).toDf(prep.spark));
    prep.run(DateWindow.day(LocalDate.of(2001, 1, 1)));
    io.lakeml.config.LakemlConfig config = prep.config();
    List<DateWindow> windows = List.of(DateWindow.of(LocalDate.of(2001, 1, 1), LocalDate.of(2001, 1, 2)),
        DateWindow.of(LocalDate.of(2001, 1, 2), LocalDate.of(2001, 1, 3)));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    List<DateWindow> lost = new java.util.ArrayList<>();
    try {
      var runs = windows.stream().map(w -> pool.submit(() -> prepare(config, w))).toList();
      for (int i = 0; i < runs.size(); i++) {
        try {
          assertThat(runs.get(i).get().rowsAccepted()).isEqualTo(36);
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(LakemlException.categoryOf(e.getCause())).as("how a prep loses a race: %s", e.getCause())
              .isEqualTo(ErrorCategory.EXTERNAL);
          lost.add(windows.get(i));
        }
      }
    } finally {
      pool.shutdown();
    }
    assertThat(lost).as("at most one prep loses").hasSizeLessThan(2);
    lost.forEach(w -> assertThat(prepare(config, w).rowsAccepted()).as("the rerun of " + w).isEqualTo(36));

    assertThat(prep.prepared().groupBy("event_date").count().where("count <> 18").count()).isZero();
    assertThat(prep.prepared().count()).isEqualTo(54);
    assertThat(prep.table(TableNames.QUALITY_HISTORY).count()).isEqualTo(1 + windows.size());
    String content = ContentHash.of(prep.prepared());
    assertThat(prep.run(DateWindow.of(LocalDate.of(2001, 1, 1), LocalDate.of(2001, 1, 3))).contentHash())
        .as("one prep of the three days").contains(content);
  }

  private PrepResult prepare(io.lakeml.config.LakemlConfig config, LocalDate day) {
    return prepare(config, DateWindow.day(day));
  }

  private PrepResult prepare(io.lakeml.config.LakemlConfig config, DateWindow window) {
    PrepResult[] result = new PrepResult[1];
    io.lakeml.internal.command.JobLauncher.run("prep", config, prep.spark,
        (s, c, r) -> result[0] = PrepJob.create(s, c, window, r).run());
    return result[0];
  }
}
