package io.lakeml.score;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.SchemaContract;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A scored internal row -> the values of {@code scored_<dataset>}'s columns, as
 * {@link ScoredRows#output} defines them in Spark expressions (the same served score, variant,
 * label and other model's score; {@code
 * ScoreJobTest.lakemlsOwnWriterAndDeltasWriterWriteTheSameTable} pins the two equal, champion and
 * challenger). Columns that hold one value for the whole run are {@link #constants()}; the others
 * are filled per row into a reused row, in the data schema's order.
 */
final class ScoredRowMapping implements Serializable {
  private enum Source { IDENTITY, ROW_ID, SCORE, LABEL, THRESHOLD, MODEL_VERSION, VARIANT, OTHER_MODEL_VERSION, OTHER_SCORE }

  private final Map<String, Object> constants;
  private final Source[] sources;
  private final int[] identityOrdinals;
  private final DataType[] types;
  private final int skip;
  private final int rowId;
  private final int eventDate;
  private final int championScore;
  private final int challengerScore; // -1: no challenger
  private final int challengerPercent;
  private final long championVersion;
  private final long challengerVersion;
  private final double championThreshold;
  private final double challengerThreshold;

  private ScoredRowMapping(Map<String, Object> constants, Source[] sources, int[] identityOrdinals, DataType[] types,
      StructType in, ScoredRows.Output o) {
    this.constants = constants;
    this.sources = sources;
    this.identityOrdinals = identityOrdinals;
    this.types = types;
    this.skip = in.fieldIndex(SchemaContract.FIRST_VIOLATION);
    this.rowId = in.fieldIndex(ScoredRows.ROW_ID);
    this.eventDate = in.fieldIndex(DatasetConfig.EVENT_DATE);
    this.championScore = in.fieldIndex(ServingScores.scoreColumn(0));
    this.challengerScore = o.plan().challenger().isPresent() ? in.fieldIndex(ServingScores.scoreColumn(1)) : -1;
    this.challengerPercent = o.plan().challengerPercent();
    this.championVersion = o.plan().champion().version();
    this.challengerVersion = o.plan().challenger().map(ServedModel::version).orElse(-1L);
    this.championThreshold = o.plan().champion().threshold();
    this.challengerThreshold = o.plan().challenger().map(ServedModel::threshold).orElse(Double.NaN);
  }

  /** The mapping from rows of {@code in} (the scoring pass's output) to the columns of {@code data}. */
  static ScoredRowMapping of(ScoredRows.Output o, StructType in, StructType data) {
    Map<String, Object> constants = constants(o);
    List<String> identity = ScoredRows.identityColumns(o.dataset());
    StructType varying = new StructType();
    for (StructField f : data.fields()) {
      if (!constants.containsKey(f.name())) {
        varying = varying.add(f);
      }
    }
    Source[] sources = new Source[varying.size()];
    int[] identityOrdinals = new int[varying.size()];
    DataType[] types = new DataType[varying.size()];
    for (int i = 0; i < varying.size(); i++) {
      StructField f = varying.fields()[i];
      types[i] = f.dataType();
      boolean isIdentity = i < identity.size();
      sources[i] = isIdentity ? Source.IDENTITY : source(f.name());
      identityOrdinals[i] = isIdentity ? in.fieldIndex(identity.get(i)) : -1;
    }
    return new ScoredRowMapping(constants, sources, identityOrdinals, types, in, o);
  }

  private static Source source(String column) {
    return switch (column) {
      case ScoredRows.ROW_ID -> Source.ROW_ID;
      case "score" -> Source.SCORE;
      case "predicted_label" -> Source.LABEL;
      case "threshold" -> Source.THRESHOLD;
      case "model_version" -> Source.MODEL_VERSION;
      case ScoredRows.VARIANT -> Source.VARIANT;
      case "other_model_version" -> Source.OTHER_MODEL_VERSION;
      case "other_score" -> Source.OTHER_SCORE;
      default -> throw new IllegalStateException("No per-row value for scored column " + column);
    };
  }

  /** The columns with one value for the run: always its lineage; without a challenger, the model's too. */
  private static Map<String, Object> constants(ScoredRows.Output o) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model_name", o.plan().champion().name());
    if (o.plan().challenger().isEmpty()) {
      c.put("threshold", o.plan().champion().threshold());
      c.put("model_version", o.plan().champion().version());
      c.put(ScoredRows.VARIANT, ServingPlan.CHAMPION);
      c.put("other_model_version", null);
      c.put("other_score", null);
    }
    c.put("run_id", o.runId());
    c.put("scored_at", o.scoredAt());
    c.put("fallback", o.plan().fallback());
    return c;
  }

  Map<String, Object> constants() {
    return constants;
  }

  /** A reused row for {@link #fill}. */
  SpecificInternalRow newRow() {
    return new SpecificInternalRow(io.lakeml.internal.util.Scala.seq(List.of(types)));
  }

  /** Whether the row passed the contract (rejected rows go to quarantine, not to this table). */
  boolean accepted(InternalRow in) {
    return in.isNullAt(skip);
  }

  /** The row's score date, in days since the epoch (an accepted row always has one: the contract requires the event time). */
  int scoreDate(InternalRow in) {
    if (in.isNullAt(eventDate)) {
      throw io.lakeml.errors.Errors.internal("writing scored rows", new IllegalStateException(
          "Row " + in.getLong(rowId) + " was accepted without an event date; the contract should have rejected it"));
    }
    return in.getInt(eventDate);
  }

  /** Fills {@code out} with the varying columns of accepted row {@code in}, and adds the row to {@code summary}. */
  void fill(InternalRow in, SpecificInternalRow out, RunningSummary summary) {
    long id = in.getLong(rowId);
    // ScoredRows.output: pmod(row_id, 100) < challenger percent serves the challenger.
    boolean challenger = challengerScore >= 0 && Math.floorMod(id, 100L) < challengerPercent;
    Double champion = in.isNullAt(championScore) ? null : in.getDouble(championScore);
    Double other = challengerScore < 0 || in.isNullAt(challengerScore) ? null : in.getDouble(challengerScore);
    Double served = challenger ? other : champion;
    Double notServed = challenger ? champion : other;
    double threshold = challenger ? challengerThreshold : championThreshold;
    Integer label = label(served, threshold);
    summary.add(challenger, served, label, notServed);
    for (int i = 0; i < sources.length; i++) {
      switch (sources[i]) {
        case IDENTITY -> copy(in, identityOrdinals[i], out, i);
        case ROW_ID -> out.setLong(i, id);
        case SCORE -> setDouble(out, i, served);
        case LABEL -> setInt(out, i, label);
        case THRESHOLD -> out.setDouble(i, threshold);
        case MODEL_VERSION -> out.setLong(i, challenger ? challengerVersion : championVersion);
        case VARIANT -> out.update(i, UTF8String.fromString(challenger ? ServingPlan.CHALLENGER : ServingPlan.CHAMPION));
        case OTHER_MODEL_VERSION -> out.setLong(i, challenger ? championVersion : challengerVersion);
        case OTHER_SCORE -> setDouble(out, i, notServed);
      }
    }
  }

  /** Spark's {@code score >= threshold} as 0/1: NaN is larger than any number there, so it is labelled 1. */
  private static Integer label(Double served, double threshold) {
    return served == null ? null : served.isNaN() || served >= threshold ? 1 : 0;
  }

  /** Copies one identity value, by type (a generic get would box every number). */
  private void copy(InternalRow in, int from, SpecificInternalRow out, int to) {
    DataType t = types[to];
    if (in.isNullAt(from)) {
      out.setNullAt(to);
    } else if (t == DataTypes.LongType || t == DataTypes.TimestampType) {
      out.setLong(to, in.getLong(from));
    } else if (t == DataTypes.DoubleType) {
      out.setDouble(to, in.getDouble(from));
    } else if (t == DataTypes.IntegerType || t == DataTypes.DateType) {
      out.setInt(to, in.getInt(from));
    } else if (t == DataTypes.StringType) {
      out.update(to, in.getUTF8String(from));
    } else {
      out.update(to, in.get(from, t));
    }
  }

  private static void setDouble(SpecificInternalRow out, int i, Double v) {
    if (v == null) {
      out.setNullAt(i);
    } else {
      out.setDouble(i, v);
    }
  }

  private static void setInt(SpecificInternalRow out, int i, Integer v) {
    if (v == null) {
      out.setNullAt(i);
    } else {
      out.setInt(i, v);
    }
  }
}
