package io.lakeml.registry;

import static org.apache.spark.sql.functions.col;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.delta.tables.DeltaTable;
import io.lakeml.internal.lakehouse.DeltaTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The append-only {@code model_events} table. A transition's events travel inside the commit that
 * changes {@code model_versions} or {@code rollouts} (its user metadata) and are then appended here; {@link #repair}
 * appends any that a crash between the two commits left out, so no event is ever lost.
 */
final class RegistryEvents {
  static final String PREFIX = "lakeml-events:";
  static final StructType SCHEMA = new StructType()
      .add("event_id", DataTypes.StringType)
      .add("name", DataTypes.StringType)
      .add("version", DataTypes.LongType)
      .add("event", DataTypes.StringType)
      .add("from_stage", DataTypes.StringType)
      .add("to_stage", DataTypes.StringType)
      .add("who", DataTypes.StringType)
      .add("approved_by", DataTypes.StringType)
      .add("why", DataTypes.StringType)
      .add("run_id", DataTypes.StringType)
      .add("at", DataTypes.TimestampType);
  private static final Gson GSON = new Gson();
  /** How far back {@link #replay} looks for events not appended yet: far more than transitions in flight. */
  private static final int RECENT_COMMITS = 20;

  private final SparkSession spark;
  private final String path;
  private final List<String> sources;

  /** {@code sources}: the tables whose commits carry events ({@code model_versions}, {@code rollouts}). */
  RegistryEvents(SparkSession spark, String path, List<String> sources) {
    this.spark = spark;
    this.path = path;
    this.sources = List.copyOf(sources);
  }

  String path() {
    return path;
  }

  static String toMetadata(List<RegistryEvent> events) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (RegistryEvent e : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("eventId", e.eventId());
      m.put("name", e.name());
      m.put("version", e.version());
      m.put("event", e.event());
      m.put("fromStage", e.fromStage());
      m.put("toStage", e.toStage());
      m.put("who", e.who());
      m.put("approvedBy", e.approvedBy());
      m.put("why", e.why());
      m.put("runId", e.runId());
      m.put("at", e.at().toEpochMilli());
      list.add(m);
    }
    return PREFIX + GSON.toJson(list);
  }

  static List<RegistryEvent> fromMetadata(String metadata) {
    List<Map<String, Object>> list = GSON.fromJson(metadata.substring(PREFIX.length()),
        new TypeToken<List<Map<String, Object>>>() {}.getType());
    List<RegistryEvent> events = new ArrayList<>();
    for (Map<String, Object> m : list) {
      events.add(new RegistryEvent((String) m.get("eventId"), (String) m.get("name"),
          ((Number) m.get("version")).longValue(), (String) m.get("event"), (String) m.get("fromStage"),
          (String) m.get("toStage"), (String) m.get("who"), (String) m.get("approvedBy"), (String) m.get("why"),
          (String) m.get("runId"), Instant.ofEpochMilli(((Number) m.get("at")).longValue())));
    }
    return events;
  }

  void append(List<RegistryEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (RegistryEvent e : events) {
      rows.add(RowFactory.create(e.eventId(), e.name(), e.version(), e.event(), e.fromStage(), e.toStage(),
          e.who(), e.approvedBy(), e.why(), e.runId(), Timestamp.from(e.at())));
    }
    spark.createDataFrame(rows, SCHEMA).write().format("delta").mode("append").save(path);
  }

  /**
   * The stage each version of {@code name} is in by its events (stage changes only, in time order);
   * with {@code withUnappended}, also the events of the latest commits that a transition in flight or
   * a crash has not appended yet.
   */
  Map<Long, String> replay(String name, boolean withUnappended) {
    List<RegistryEvent> changes = new ArrayList<>();
    Set<String> present = new HashSet<>();
    if (DeltaTables.exists(spark, path)) {
      for (Row r : spark.read().format("delta").load(path).where(col("name").equalTo(name))
          .select("event_id", "version", "from_stage", "to_stage", "at").collectAsList()) {
        present.add(r.getString(0));
        changes.add(new RegistryEvent(r.getString(0), name, r.getLong(1), "", r.getString(2), r.getString(3), null,
            null, null, null, r.getTimestamp(4).toInstant()));
      }
    }
    if (withUnappended) {
      recorded(OptionalInt.of(RECENT_COMMITS)).stream().filter(e -> name.equals(e.name()) && !present.contains(e.eventId()))
          .forEach(changes::add);
    }
    Map<Long, String> stages = new TreeMap<>();
    changes.stream().filter(e -> e.toStage() != null && !e.toStage().equals(e.fromStage()))
        .sorted(Comparator.comparing(RegistryEvent::at)).forEach(e -> stages.put(e.version(), e.toStage()));
    return stages;
  }

  /** The events carried by the latest {@code commits} commits of every source table (all of them when empty). */
  private List<RegistryEvent> recorded(OptionalInt commits) {
    List<RegistryEvent> recorded = new ArrayList<>();
    for (String source : sources) {
      if (!DeltaTables.exists(spark, source)) {
        continue;
      }
      DeltaTable table = DeltaTable.forPath(spark, source);
      for (Row r : (commits.isPresent() ? table.history(commits.getAsInt()) : table.history()).select("userMetadata")
          .where(col("userMetadata").startsWith(PREFIX)).collectAsList()) {
        recorded.addAll(fromMetadata(r.getString(0)));
      }
    }
    return recorded;
  }

  /** Appends events recorded in model_versions commits but missing here; returns how many. */
  int repair() {
    List<RegistryEvent> recorded = recorded(OptionalInt.empty());
    if (recorded.isEmpty()) {
      return 0;
    }
    Set<String> present = new HashSet<>();
    if (DeltaTables.exists(spark, path)) {
      spark.read().format("delta").load(path).select("event_id").collectAsList().forEach(r -> present.add(r.getString(0)));
    }
    List<RegistryEvent> missing = recorded.stream().filter(e -> !present.contains(e.eventId())).toList();
    append(missing);
    return missing.size();
  }
}
