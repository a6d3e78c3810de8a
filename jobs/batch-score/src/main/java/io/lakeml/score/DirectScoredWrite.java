package io.lakeml.score;

import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.lakehouse.DirectFile;
import io.lakeml.internal.lakehouse.StagedWrite;
import io.lakeml.internal.lakehouse.TableProperties;
import io.lakeml.internal.lakehouse.direct.DirectLayout;
import io.lakeml.internal.lakehouse.direct.DirectWriteSupport;
import io.lakeml.internal.model.RowScorer;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The scoring write without Spark's write path: each task takes its scored rows as Spark's
 * internal rows straight from the scoring pass, builds the output columns itself and writes them
 * per date into Parquet files of its own ({@link io.lakeml.internal.lakehouse.direct.DirectParquetFile}:
 * the run's constants, such as model, run id and timestamp, cost one dictionary entry per file
 * instead of an encoded value per row); the driver collects only the files' descriptions and
 * stages them as one Delta commit replacing the date ({@link StagedWrite.Pending}). The table,
 * its schema, partitions, properties, statistics and commit are those of the Spark path
 * ({@link ScoredTable#stage}), which stays for models whose features do not compile and for
 * tables laid out otherwise; {@code ScoreJobTest.lakemlsOwnWriterAndDeltasWriterWriteTheSameTable} pins the two to the same content.
 */
final class DirectScoredWrite {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DirectScoredWrite.class);

  private DirectScoredWrite() {}

  /**
   * Stages the scored rows of {@code built} as the replacement of {@code date} (null: of the
   * whole table), or returns empty when this writer does not apply (features not compiled, a
   * column type it does not write, an existing table with another schema or partitioning).
   */
  static Optional<ScoredTable.Written> write(ScoredRows.Built built, String path, LocalDate date,
      Map<String, String> properties, String userMetadata) {
    if (built.internal().isEmpty()) {
      return Optional.empty();
    }
    RowScorer.Scoring scoring = built.internal().get();
    StructType table = tableSchema(built);
    StructType data = dataColumns(table);
    List<String> statsColumns = TableProperties.statsColumns(properties);
    if (statsColumns.isEmpty() || !DirectLayout.supports(data, statsColumns)) {
      return Optional.empty();
    }
    SparkSession spark = built.rows().sparkSession();
    StagedWrite.Pending probe = StagedWrite.begin(spark, path);
    Optional<String> unsupported = DirectWriteSupport.unsupported(probe, table, properties);
    if (unsupported.isPresent()) {
      LOG.info("{}: Delta's writer writes this date ({})", path, unsupported.get());
      return Optional.empty();
    }
    if (probe.tableSchema().isPresent() && (!probe.tableSchema().get().equals(table.asNullable())
        || !probe.partitionColumns().equals(List.of(ScoredRows.SCORE_DATE)))) {
      return Optional.empty();
    }
    StagedWrite.Pending pending = probe;
    ScoredRowMapping mapping = ScoredRowMapping.of(built.output(), scoring.schema(), data);
    DirectLayout layout = DirectLayout.of(data, mapping.constants(), TableProperties.noDictionaryColumns(properties),
        statsColumns);
    String dataPath = pending.dataPath();
    SerializableConfiguration hadoop = new SerializableConfiguration(spark.sessionState().newHadoopConf());
    List<TaskFiles> tasks = scoring.rows().toJavaRDD()
        .mapPartitionsWithIndex((index, rows) -> List.of(ScoredFileSink.write(index, rows, mapping, layout, dataPath, hadoop))
            .iterator(), false)
        .collect();
    List<DirectFile> files = new ArrayList<>();
    long read = 0;
    long written = 0;
    RunningSummary summary = new RunningSummary();
    for (TaskFiles t : tasks) {
      files.addAll(t.files());
      read += t.read();
      written += t.written();
      summary.merge(t.summary());
    }
    String predicate = date == null ? null : ScoredRows.SCORE_DATE + " = DATE'" + date + "'";
    StagedWrite staged = pending.stage(files, table, List.of(ScoredRows.SCORE_DATE), properties, predicate, userMetadata);
    ScoredTable.Counts counts = new ScoredTable.Counts(read, written);
    return Optional.of(new ScoredTable.Written(staged, () -> counts, Optional.of(summary.values())));
  }

  /** One task's files and counts: rows it read (accepted or not) and rows it wrote. */
  record TaskFiles(List<DirectFile> files, long read, long written, RunningSummary summary) implements Serializable {}

  /** The table's columns as the Spark path writes them (the output without the contract's violation column). */
  private static StructType tableSchema(ScoredRows.Built built) {
    StructType out = new StructType();
    for (StructField f : built.rows().schema().fields()) {
      if (!f.name().equals(SchemaContract.FIRST_VIOLATION)) {
        out = out.add(f);
      }
    }
    return out;
  }

  private static StructType dataColumns(StructType table) {
    StructType data = new StructType();
    for (StructField f : table.fields()) {
      if (!f.name().equals(ScoredRows.SCORE_DATE)) {
        data = data.add(f.copy(f.name(), f.dataType(), true, f.metadata()));
      }
    }
    return data;
  }
}
