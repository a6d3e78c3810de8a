package io.lakeml.registry;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.lakeml.internal.lakehouse.DeltaTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table {@code rollouts}: one row per gradual rollout, its schedule and state. Every
 * change is one commit that carries its event ({@code rollout started}, {@code rollout halted},
 * {@code rollout completed}) in the commit's metadata before the event is appended to
 * {@code model_events}, as stage transitions do, so a crash between the two loses no event.
 */
final class Rollouts {
  static final StructType SCHEMA = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("version", DataTypes.LongType, false)
      .add("steps", DataTypes.StringType, false)
      .add("days_per_step", DataTypes.IntegerType, false)
      .add("start_date", DataTypes.DateType, false)
      .add("state", DataTypes.StringType, false)
      .add("halted_on", DataTypes.DateType)
      .add("approved_by", DataTypes.StringType)
      .add("reason", DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType);

  private final SparkSession spark;
  private final String path;
  private final RegistryEvents events;

  Rollouts(SparkSession spark, String path, RegistryEvents events) {
    this.spark = spark;
    this.path = path;
    this.events = events;
  }

  /** The rollout of {@code name} that is active, if one is. */
  Optional<Rollout> active(String name) {
    return all(name).stream().filter(r -> r.state() == Rollout.State.ACTIVE).findFirst();
  }

  /** Every rollout of {@code name}, newest start first. */
  List<Rollout> all(String name) {
    if (!DeltaTables.exists(spark, path)) {
      return List.of();
    }
    List<Rollout> out = new ArrayList<>();
    for (Row r : spark.read().format("delta").load(path).where(col("name").equalTo(name))
        .orderBy(col("start_date").desc(), col("started_at").desc()).collectAsList()) {
      out.add(new Rollout(r.getAs("name"), r.<Long>getAs("version"), Rollout.steps(r.getAs("steps")),
          r.<Integer>getAs("days_per_step"), r.<Date>getAs("start_date").toLocalDate(),
          Rollout.State.valueOf(r.<String>getAs("state").toUpperCase(java.util.Locale.ROOT)),
          Optional.ofNullable(r.<Date>getAs("halted_on")).map(Date::toLocalDate), r.getAs("approved_by"),
          r.getAs("reason")));
    }
    return out;
  }

  void start(Rollout r, String who, String runId) {
    RegistryEvent e = event(r, "rollout started", who, r.approvedBy(), r.schedule() + ": " + r.reason(), runId);
    Row row = RowFactory.create(r.name(), r.version(), join(r.steps()), r.daysPerStep(), Date.valueOf(r.start()),
        r.state().label(), null, r.approvedBy(), r.reason(), Timestamp.from(e.at()));
    spark.createDataFrame(List.of(row), SCHEMA).write().format("delta").mode("append")
        .option("userMetadata", RegistryEvents.toMetadata(List.of(e))).save(path);
    events.append(List.of(e));
  }

  /** Marks {@code r} halted from the date after {@code date}, with the event. */
  void halt(Rollout r, LocalDate date, String why, String who, String runId) {
    change(r, Rollout.State.HALTED, Optional.of(date), event(r, "rollout halted", who, null, why, runId));
  }

  void complete(Rollout r, String who, String runId) {
    change(r, Rollout.State.COMPLETED, r.haltedOn(), event(r, "rollout completed", who, null,
        "version " + r.version() + " promoted to production", runId));
  }

  private void change(Rollout r, Rollout.State state, Optional<LocalDate> haltedOn, RegistryEvent e) {
    SparkSession session = spark.newSession(); // its own conf: the commit's user metadata
    session.conf().set("spark.databricks.delta.commitInfo.userMetadata", RegistryEvents.toMetadata(List.of(e)));
    DeltaTable.forPath(session, path).update(col("name").equalTo(r.name()).and(col("version").equalTo(r.version()))
            .and(col("start_date").equalTo(lit(Date.valueOf(r.start())))),
        Map.of("state", lit(state.label()), "halted_on", haltedOn.map(d -> lit(Date.valueOf(d)))
            .orElse(lit(null).cast(DataTypes.DateType))));
    events.append(List.of(e));
  }

  private static RegistryEvent event(Rollout r, String event, String who, String approvedBy, String why, String runId) {
    return new RegistryEvent(java.util.UUID.randomUUID().toString(), r.name(), r.version(), event, "staging",
        "staging", who, approvedBy, why, runId, Instant.now());
  }

  private static String join(List<Integer> steps) {
    return String.join(",", steps.stream().map(String::valueOf).toList());
  }
}
