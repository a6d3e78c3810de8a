package io.lakeml.score;

import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.lakehouse.StagedWrite;
import io.lakeml.internal.lakehouse.TableProperties;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Delta table {@code scored_<dataset>}, partitioned by {@code score_date}. Each date is
 * written with replaceWhere in one atomic commit: a rerun or a backfill replaces that date exactly
 * (no duplicates, no gaps), and a reader sees the old rows or the new ones, never a mix. The run id
 * and model version ride in the commit's user metadata. Log and deleted-file retention are set on
 * the table so that time travel covers the configured days even after a VACUUM with defaults.
 * The properties go in with the write that creates the table, or before the write into one that
 * lacks them. The write is staged, so counts reconcile before anything is committed; the commit's
 * version and row count come from the write itself (no history lookup).
 */
final class ScoredTable {
  private ScoredTable() {}

  /**
   * The table properties a scored table carries: retention for time travel, statistics on the
   * columns analysts select scored rows by besides the date partition (model version, score), and
   * plain Parquet encoding for the columns whose values hardly repeat.
   */
  static Map<String, String> properties(int retentionDays) {
    return properties(retentionDays, LabelKind.BINARY);
  }

  /** The properties of a table holding the rows of a model of this kind (a regression's output is its prediction). */
  static Map<String, String> properties(int retentionDays, LabelKind kind) {
    String output = kind == LabelKind.REGRESSION ? "prediction" : "score";
    Map<String, String> p = new LinkedHashMap<>(TableProperties.statsOn(List.of("model_version", output)));
    p.put("delta.logRetentionDuration", "interval " + retentionDays + " days");
    p.put("delta.deletedFileRetentionDuration", "interval " + retentionDays + " days");
    p.putAll(TableProperties.noDictionary(List.of(ScoredRows.ROW_ID, output, "other_" + output)));
    return p;
  }

  /** Rows a scoring write read (accepted or not: the contract's rejects included) and rows it staged. */
  record Counts(long read, long rows) {}

  /**
   * A staged scoring write; its counts are known once the write ran (an observation's wait, for
   * the Spark path); lakeml's own writer also gathers the score summaries ({@link RunningSummary}),
   * which Delta's writer leaves to a read of the written files ({@link ScoreSummary#ofStaged}).
   */
  record Written(StagedWrite staged, java.util.function.Supplier<Counts> counts,
      java.util.Optional<Map<String, Double>> summary) {
    boolean direct() {
      return summary.isPresent();
    }
  }

  /**
   * Stages the replacement of {@code date} (null: the whole table, as the benchmark writes it)
   * with the accepted rows of {@code built}: through {@link DirectScoredWrite} when configured
   * ({@code lakeml.score.writer = direct}) and it applies, through Delta's writer ({@link #stage})
   * otherwise.
   */
  static Written write(ScoredRows.Built built, String path, LocalDate date, io.lakeml.config.ScoreConfig config,
      String userMetadata) {
    int retentionDays = config.retentionDays();
    LabelKind kind = built.output().kind();
    Map<String, String> properties = properties(retentionDays, kind);
    // lakeml's own writer writes a binary model's rows; the other kinds' columns go through Delta's writer.
    java.util.Optional<Written> direct = config.writer() == io.lakeml.config.ScoreConfig.Writer.DIRECT
        && kind == LabelKind.BINARY ? DirectScoredWrite.write(built, path, date, properties, userMetadata)
        : java.util.Optional.empty();
    if (direct.isPresent()) {
      return direct.get();
    }
    org.apache.spark.sql.Observation observation = new org.apache.spark.sql.Observation(
        "score_" + java.util.UUID.randomUUID().toString().replace("-", ""));
    Dataset<Row> accepted = ScoreSummary.accepted(built.rows(), observation);
    StagedWrite staged = date == null
        ? StagedWrite.stage(accepted, path, List.of(ScoredRows.SCORE_DATE), properties, Map.of("overwriteSchema", "true"))
        : stage(accepted, path, date, properties, userMetadata);
    return new Written(staged, () -> {
      Map<String, Object> out = ServingScores.observed(observation);
      return new Counts(((Number) out.get("read")).longValue(), out.get("rows") == null ? 0 : ((Number) out.get("rows")).longValue());
    }, java.util.Optional.empty());
  }

  /**
   * Stages the replacement of one date (see {@link StagedWrite}): the caller reconciles its counts,
   * then commits ({@link StagedWrite#commitIfAny}: nothing when there are no rows and none to
   * replace) or aborts.
   */
  static StagedWrite stage(Dataset<Row> scored, String path, LocalDate date, Map<String, String> properties,
      String userMetadata) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("replaceWhere", ScoredRows.SCORE_DATE + " = DATE'" + date + "'");
    options.put("userMetadata", userMetadata);
    return StagedWrite.stage(scored, path, List.of(ScoredRows.SCORE_DATE), properties, options);
  }
}
