package io.lakeml.registry;

import static org.apache.spark.sql.functions.col;

import io.lakeml.lakehouse.DeltaTables;
import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.lakehouse.TableNames;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model registry in the lakehouse: {@code model_versions} (one row per version) and the
 * append-only {@code model_events}. This part registers dev versions (idempotent per training run
 * id); stage transitions, approval and rollback belong to the registry issue.
 */
public final class ModelRegistry {
  public static final String DEV = "dev";

  static final StructType VERSIONS = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("version", DataTypes.LongType, false)
      .add("stage", DataTypes.StringType, false)
      .add("training_run_id", DataTypes.StringType)
      .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
      .add("training_config", DataTypes.StringType)
      .add("data_version", DataTypes.LongType)
      .add("data_hash", DataTypes.StringType)
      .add("git_commit", DataTypes.StringType)
      .add("input_schema", DataTypes.StringType)
      .add("output_schema", DataTypes.StringType)
      .add("expected_latency_ms_per_1000", DataTypes.DoubleType)
      .add("resources", DataTypes.StringType)
      .add("artefact_uri", DataTypes.StringType)
      .add("artefact_sha256", DataTypes.StringType)
      .add("created_at", DataTypes.TimestampType);

  static final StructType EVENTS = new StructType()
      .add("name", DataTypes.StringType)
      .add("version", DataTypes.LongType)
      .add("event", DataTypes.StringType)
      .add("from_stage", DataTypes.StringType)
      .add("to_stage", DataTypes.StringType)
      .add("who", DataTypes.StringType)
      .add("why", DataTypes.StringType)
      .add("run_id", DataTypes.StringType)
      .add("at", DataTypes.TimestampType);

  private final SparkSession spark;
  private final String versionsPath;
  private final String eventsPath;

  public ModelRegistry(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.versionsPath = lakehouse.tablePath(TableNames.MODEL_VERSIONS);
    this.eventsPath = lakehouse.tablePath(TableNames.MODEL_EVENTS);
  }

  /** The version a training run registered, if it did. */
  public Optional<Long> versionOfRun(String name, String trainingRunId) {
    if (!DeltaTables.exists(spark, versionsPath)) {
      return Optional.empty();
    }
    List<Row> rows = spark.read().format("delta").load(versionsPath)
        .where(col("name").equalTo(name).and(col("training_run_id").equalTo(trainingRunId)))
        .select("version").collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getLong(0));
  }

  /** The next version number of a model (1 for a new one). */
  public long nextVersion(String name) {
    if (!DeltaTables.exists(spark, versionsPath)) {
      return 1;
    }
    Row max = spark.read().format("delta").load(versionsPath).where(col("name").equalTo(name))
        .agg(org.apache.spark.sql.functions.max("version")).first();
    return max.isNullAt(0) ? 1 : max.getLong(0) + 1;
  }

  /** Registers a dev version and its event; a second call for the same training run is a no-op. */
  public long registerDev(ModelVersion v, String who) {
    Optional<Long> existing = versionOfRun(v.name(), v.trainingRunId());
    if (existing.isPresent()) {
      return existing.get();
    }
    Row row = RowFactory.create(v.name(), v.version(), DEV, v.trainingRunId(), v.metrics(), v.trainingConfig(),
        v.dataVersion(), v.dataHash(), v.gitCommit(), v.inputSchema(), v.outputSchema(),
        v.expectedLatencyMsPer1000(), v.resources(), v.artefactUri(), v.artefactSha256(), Timestamp.from(v.createdAt()));
    spark.createDataFrame(List.of(row), VERSIONS).write().format("delta").mode("append").save(versionsPath);
    Row event = RowFactory.create(v.name(), v.version(), "registered", null, DEV, who,
        "trained by run " + v.trainingRunId(), v.trainingRunId(), Timestamp.from(Instant.now()));
    spark.createDataFrame(List.of(event), EVENTS).write().format("delta").mode("append").save(eventsPath);
    return v.version();
  }
}
