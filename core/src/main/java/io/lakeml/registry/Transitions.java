package io.lakeml.registry;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.DeltaTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stage transitions of one model as a single compare-and-set commit on {@code model_versions}: the
 * MERGE carries the stage every version of the model was seen in, and fails as a whole if any
 * differs at commit time (or if Delta detects a concurrent rewrite). So racing transitions never
 * yield two production versions; the loser gets a conflict error and nothing of it is written.
 */
final class Transitions {
  static final String CONFLICT = "lakeml-registry-conflict";
  private static final StructType PLAN = new StructType()
      .add("name", DataTypes.StringType).add("version", DataTypes.LongType)
      .add("expected_stage", DataTypes.StringType).add("new_stage", DataTypes.StringType);

  private final SparkSession spark;
  private final String versionsPath;
  private final RegistryEvents events;

  Transitions(SparkSession spark, String versionsPath, RegistryEvents events) {
    this.spark = spark;
    this.versionsPath = versionsPath;
    this.events = events;
  }

  /** The current stage of every version of {@code name}, by version. */
  Map<Long, ModelStage> stages(String name) {
    Map<Long, String> rows = new TreeMap<>();
    if (DeltaTables.exists(spark, versionsPath)) {
      for (Row r : spark.read().format("delta").load(versionsPath).where(col("name").equalTo(name))
          .select("version", "stage").collectAsList()) {
        rows.put(r.getLong(0), r.getString(1));
      }
    }
    Map<Long, String> replayed = events.replay(name, false);
    if (!RegistryIntegrity.differences(rows, replayed).isEmpty()) {
      replayed = events.replay(name, true); // a transition whose events are not appended yet is no edit
    }
    return RegistryIntegrity.verified(versionsPath, name, rows, replayed);
  }

  /** Applies the changes atomically against {@code seen}, then appends their events. */
  void apply(String name, Map<Long, ModelStage> seen, List<StageChange> changes, String event, String who,
      Optional<String> approvedBy, String why, String runId) {
    List<Row> plan = new ArrayList<>();
    for (Map.Entry<Long, ModelStage> e : seen.entrySet()) {
      ModelStage next = changes.stream().filter(c -> c.version() == e.getKey()).map(StageChange::to)
          .findFirst().orElse(e.getValue());
      plan.add(RowFactory.create(name, e.getKey(), e.getValue().label(), next.label()));
    }
    List<RegistryEvent> recorded = new ArrayList<>();
    Instant now = Instant.now();
    for (StageChange c : changes) {
      recorded.add(new RegistryEvent(UUID.randomUUID().toString(), name, c.version(), event, c.from().label(),
          c.to().label(), who, approvedBy.orElse(null), why, runId, now));
    }
    SparkSession session = spark.newSession(); // its own conf: the commit's user metadata
    session.conf().set("spark.databricks.delta.commitInfo.userMetadata", RegistryEvents.toMetadata(recorded));
    try {
      DeltaTable.forPath(session, versionsPath).as("t")
          .merge(session.createDataFrame(plan, PLAN).as("c"), "t.name = c.name AND t.version = c.version")
          .whenMatched()
          .updateExpr(Map.of("stage",
              "CASE WHEN t.stage = c.expected_stage THEN c.new_stage ELSE raise_error('" + CONFLICT + "') END"))
          .execute();
    } catch (RuntimeException e) {
      if (isConflict(e)) {
        throw Errors.registryConflict(name, changes.get(0).version(), changes.get(0).to().label());
      }
      throw e;
    }
    events.append(recorded);
  }

  static boolean isConflict(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String msg = String.valueOf(c.getMessage());
      if (msg.contains(CONFLICT) || c.getClass().getName().contains("Concurrent")) {
        return true;
      }
    }
    return false;
  }
}
