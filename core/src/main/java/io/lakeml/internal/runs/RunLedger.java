package io.lakeml.internal.runs;

import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.DataRef;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Delta table {@code runs}: one appended row per run manifest, failed runs included. */
public final class RunLedger {
  static final StructType DATA_REF =
      new StructType()
          .add("name", DataTypes.StringType)
          .add("path", DataTypes.StringType)
          .add("delta_version", DataTypes.LongType)
          .add("content_hash", DataTypes.StringType)
          .add("detail", DataTypes.StringType);

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("job", DataTypes.StringType, false)
          .add("lakeml_version", DataTypes.StringType)
          .add("git_commit", DataTypes.StringType)
          .add("git_dirty", DataTypes.BooleanType)
          .add("config_sha256", DataTypes.StringType)
          .add("config", DataTypes.StringType)
          .add("config_sources", DataTypes.createArrayType(DataTypes.StringType))
          .add("inputs", DataTypes.createArrayType(DATA_REF))
          .add("outputs", DataTypes.createArrayType(DATA_REF))
          .add("spark_app_id", DataTypes.StringType)
          .add("started_at", DataTypes.TimestampType)
          .add("ended_at", DataTypes.TimestampType)
          .add("duration_s", DataTypes.DoubleType)
          .add("status", DataTypes.StringType)
          .add("error_category", DataTypes.StringType)
          .add("error_message", DataTypes.StringType)
          .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  private final SparkSession spark;
  private final String path;

  public RunLedger(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.path = lakehouse.tablePath(TableNames.RUNS);
  }

  public String path() {
    return path;
  }

  /** Appends the manifest. Blind appends never conflict, so concurrent runs may record at once. */
  public void append(RunManifest m) {
    Dataset<Row> row = spark.createDataFrame(List.of(toRow(m)), SCHEMA);
    row.write()
        .format("delta")
        .mode("append")
        .option("userMetadata", "lakeml run " + m.runId())
        .save(path);
  }

  /**
   * Appends the manifest unless a row with its run id is there already (a MERGE on run_id): for
   * runs recorded by another run than their own. When another writer records the same run at the
   * same time, its commit wins and this one is dropped.
   */
  public void appendUnlessRecorded(RunManifest m) {
    Dataset<Row> row = spark.createDataFrame(List.of(toRow(m)), SCHEMA);
    io.lakeml.internal.lakehouse.DeltaTables.createIfMissing(spark, path, SCHEMA, List.of());
    try {
      io.delta.tables.DeltaTable.forPath(spark, path).as("r").merge(row.as("n"), "r.run_id = n.run_id")
          .whenNotMatched().insertAll().execute();
    } catch (io.delta.exceptions.DeltaConcurrentModificationException e) {
      org.slf4j.LoggerFactory.getLogger(RunLedger.class).info("Run {} was recorded by another writer at the same time",
          m.runId());
    }
  }

  /** True when the ledger has a row for the run: it ended, successfully or not. */
  public boolean has(String runId) {
    return io.lakeml.internal.lakehouse.DeltaTables.exists(spark, path)
        && !read().where(org.apache.spark.sql.functions.col("run_id").equalTo(runId)).isEmpty();
  }

  public Dataset<Row> read() {
    return spark.read().format("delta").load(path);
  }

  static Row toRow(RunManifest m) {
    return RowFactory.create(
        m.runId(),
        m.job(),
        m.build().version(),
        m.build().gitCommit(),
        m.build().gitDirty(),
        m.configSha256(),
        m.configJson(),
        m.configSources(),
        m.inputs().stream().map(RunLedger::refRow).toList(),
        m.outputs().stream().map(RunLedger::refRow).toList(),
        m.sparkAppId(),
        Timestamp.from(m.startedAt()),
        Timestamp.from(m.endedAt()),
        (m.endedAt().toEpochMilli() - m.startedAt().toEpochMilli()) / 1000.0,
        m.status().name(),
        m.errorCategory().map(Enum::name).orElse(null),
        m.errorMessage().orElse(null),
        m.metrics());
  }

  private static Row refRow(DataRef r) {
    return RowFactory.create(
        r.name(), r.path(), r.deltaVersion().orElse(null), r.contentHash().orElse(null), r.detail());
  }
}
