package io.lakeml.score;

import static io.lakeml.score.ScoreFixture.MAY_1;
import static io.lakeml.score.ScoreFixture.MAY_2;
import static io.lakeml.score.ScoreFixture.MAY_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lineage.ContentHash;
import java.io.File;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * The scored table after its analysts turned Delta table features on by SQL, as they would: a
 * CHECK constraint, the change data feed, column mapping with a column of their own renamed,
 * deletion vectors after a DELETE, row tracking; then a constraint the new rows break, one of
 * lakeml's columns renamed, and append-only (each refused with nothing committed, then undone). lakeml's own writer must step aside for every one of
 * them, and the same sequence through {@code lakeml.score.writer = delta} must end in the same
 * table and the same errors ({@code ScoreJobTest} runs it with both, on its shared lakehouse).
 */
final class TableFeatureSequence {
  private static final int PER_DAY = 400;
  private final ScoreFixture f;

  TableFeatureSequence(ScoreFixture f) {
    this.f = f;
  }

  /** Deletes the scored table, so that the next run starts a fresh one. */
  void dropScoredTable() throws java.io.IOException {
    FileUtils.deleteDirectory(new File(java.net.URI.create(f.scoredPath())));
    assertThat(new File(java.net.URI.create(f.scoredPath()))).doesNotExist();
    DeltaLog.clearCache();
  }

  /** The whole sequence with one writer on a fresh table; returns what both writers must agree on. */
  Map<String, Object> run(String writer) throws Exception {
    dropScoredTable();
    f.raw(PER_DAY);
    String set = "lakeml.score.writer=" + writer;
    Map<String, Object> outcome = new LinkedHashMap<>();
    ScoreResult first = f.score(io.lakeml.dataset.DateWindow.of(MAY_1, MAY_2), java.util.Optional.empty(), false, set)
        .get(0);
    assertThat(first.metrics().get("direct_writer")).isEqualTo(writer.equals("direct") ? 1.0 : 0.0);

    String t = "delta.`" + f.scoredPath() + "`";
    String origin = f.scored(MAY_2).selectExpr("min(origin)").first().getString(0);
    long may2 = f.scored(MAY_2).count();
    long deleted = f.scored(MAY_2).where("origin = '" + origin + "'").count();
    sql("ALTER TABLE " + t + " SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name', "
        + "'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')");
    sql("ALTER TABLE " + t + " ADD COLUMNS (note STRING)");
    sql("UPDATE " + t + " SET note = 'checked' WHERE score_date = DATE'" + MAY_2 + "'");
    sql("ALTER TABLE " + t + " RENAME COLUMN note TO review_note");
    sql("ALTER TABLE " + t + " ADD CONSTRAINT score_range CHECK (score >= 0 AND score <= 1)");
    sql("ALTER TABLE " + t + " SET TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true', "
        + "'delta.enableDeletionVectors' = 'true', 'delta.enableRowTracking' = 'true')");
    sql("DELETE FROM " + t + " WHERE score_date = DATE'" + MAY_2 + "' AND origin = '" + origin + "'");
    long before = f.scoredVersion();
    long oldMay1 = f.scored(MAY_1).count();

    ScoreResult rescored = f.score(MAY_1, set);

    assertThat(rescored.metrics().get("direct_writer")).as("lakeml's writer steps aside").isEqualTo(0.0);
    assertThat(f.scoredVersion()).as("%s", f.spark.sql("DESCRIBE HISTORY " + t).selectExpr("version", "operation",
        "operationParameters").collectAsList()).isEqualTo(before + 1);
    assertThat(f.scored(MAY_1).count()).isEqualTo(rescored.rowsScored());
    assertThat(f.scored(MAY_1).where("review_note IS NOT NULL").count()).isZero();
    assertThat(f.scored(MAY_2).count()).as("rows deleted by the analysts stay deleted").isEqualTo(may2 - deleted);
    assertThat(f.scored(MAY_2).where("review_note = 'checked'").count()).isEqualTo(may2 - deleted);
    List<Row> changes = f.spark.read().format("delta").option("readChangeFeed", "true")
        .option("startingVersion", before + 1).load(f.scoredPath())
        .groupBy("_change_type").count().orderBy("_change_type").collectAsList();
    assertThat(changes).extracting(r -> r.getString(0) + "=" + r.getLong(1))
        .containsExactly("delete=" + oldMay1, "insert=" + rescored.rowsScored());
    assertThat(f.spark.read().format("delta").load(f.scoredPath()).selectExpr("count(_metadata.row_id)",
        "count(DISTINCT _metadata.row_id)", "count(*)").first())
        .satisfies(r -> assertThat(List.of(r.getLong(0), r.getLong(1))).containsOnly(r.getLong(2)));
    outcome.put("content", content());
    outcome.put("changes", changes.toString());

    // A constraint the new rows break: a DATA error, nothing committed.
    sql("ALTER TABLE " + t + " ADD CONSTRAINT scored_before CHECK (scored_at <= TIMESTAMP'" + Instant.now() + "')");
    outcome.put("constraint", refusal(MAY_1, set, "scored_before"));
    sql("ALTER TABLE " + t + " DROP CONSTRAINT scored_before");

    // One of lakeml's columns renamed: refused, nothing committed; renamed back, it writes again.
    sql("ALTER TABLE " + t + " RENAME COLUMN fallback TO is_fallback");
    outcome.put("renamed", refusal(MAY_1, set, "fallback"));
    sql("ALTER TABLE " + t + " RENAME COLUMN is_fallback TO fallback");

    // Append-only: every date is written as a replacement (Delta's writer refuses any overwrite
    // there, even of a date with no rows yet), so scoring is refused until it is turned off.
    sql("ALTER TABLE " + t + " SET TBLPROPERTIES ('delta.appendOnly' = 'true')");
    outcome.put("appendOnly", refusal(MAY_3, set, "delta.appendOnly"));
    outcome.put("final", content());
    return outcome;
  }

  /** Scoring {@code date} fails with a lakeml error naming the table and {@code named}; the table is unchanged. */
  private String refusal(LocalDate date, String set, String named) {
    long version = f.scoredVersion();
    String content = content();
    String[] category = new String[1];
    assertThatThrownBy(() -> f.score(date, set)).isInstanceOfSatisfying(LakemlException.class, e -> {
      assertThat(e.category()).isNotEqualTo(ErrorCategory.INTERNAL);
      category[0] = e.category().name();
    }).hasMessageContaining(f.scoredPath()).hasMessageContaining(named).hasMessageContaining("Nothing was committed");
    assertThat(f.scoredVersion()).isEqualTo(version);
    assertThat(content()).isEqualTo(content);
    return category[0];
  }

  /** Every row of the table without what differs by run (run id, scoring time). */
  private String content() {
    return ContentHash.of(f.spark.read().format("delta").load(f.scoredPath()).drop("run_id", "scored_at"));
  }

  private List<Row> sql(String statement) {
    return f.spark.sql(statement).collectAsList();
  }
}
