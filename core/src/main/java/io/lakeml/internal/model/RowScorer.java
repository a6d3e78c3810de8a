package io.lakeml.internal.model;

import io.lakeml.internal.features.CompiledFeatures;
import io.lakeml.internal.features.SparseRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Scores rows in Spark's internal row format, in bulk: each partition's rows are taken a
 * mini-batch at a time, every model's {@link CompiledFeatures} turns the typed feature columns
 * straight into sparse rows, its {@link ScoringNetwork} scores the batch, and each row leaves with
 * its scores appended. Rows are never converted to external {@code Row} objects and no feature
 * vector column is ever built: that conversion cost more than the scoring itself. Rows flagged by
 * a non-null {@code skipColumn} (contract violations) pass through with null scores.
 */
public final class RowScorer {
  private RowScorer() {}

  /** One model: its compiled features, the network, and the score column it adds. */
  public record Target(CompiledFeatures features, LoadedModel model, String scoreColumn) {}

  /**
   * Appends one nullable double column per target.
   *
   * @param unseen per categorical column, counts of values the first target's indexer never saw
   */
  public static Dataset<Row> score(Dataset<Row> rows, List<String> numeric, List<String> categorical, String skipColumn,
      List<Target> targets, int batchSize, CollectionAccumulator<Double> batchMillis, List<LongAccumulator> unseen) {
    Scoring scoring = scoring(rows, numeric, categorical, skipColumn, targets, batchSize, false, batchMillis, unseen);
    return rows.sparkSession().internalCreateDataFrame(scoring.rows(), scoring.schema(), false);
  }

  /** Scored internal rows and their schema (the input's columns, then one score per target). */
  public record Scoring(RDD<InternalRow> rows, StructType schema) {}

  /**
   * The scored rows as an RDD, for a writer that consumes Spark's internal rows itself.
   *
   * @param dl4jForward whether DL4J's own {@code output()} scores (the library path) instead of
   *     lakeml's sparse forward pass
   */
  public static Scoring scoring(Dataset<Row> rows, List<String> numeric, List<String> categorical, String skipColumn,
      List<Target> targets, int batchSize, boolean dl4jForward, CollectionAccumulator<Double> batchMillis,
      List<LongAccumulator> unseen) {
    SparkSession spark = rows.sparkSession();
    StructType in = rows.schema();
    StructType out = in;
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Model> models = new ArrayList<>();
    for (Target t : targets) {
      out = out.add(t.scoreColumn(), outputType(t.model().task()), true);
      models.add(new Model(t.features(), t.model().confJson(), sc.broadcast(t.model().params()), t.model().task()));
    }
    Columns columns = new Columns(ordinals(in, numeric), types(in, numeric), ordinals(in, categorical),
        types(in, categorical), skipColumn == null ? -1 : in.fieldIndex(skipColumn));
    RDD<InternalRow> scored = rows.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(it -> new Scored(it, columns, models, batchSize, dl4jForward, batchMillis, unseen)).rdd();
    return new Scoring(scored, out);
  }

  /** A model's output column: a number, or a multiclass model's class probabilities in its classes' order. */
  public static DataType outputType(ModelTask task) {
    return task.kind() == io.lakeml.dataset.LabelKind.MULTICLASS
        ? DataTypes.createArrayType(DataTypes.DoubleType, false) : DataTypes.DoubleType;
  }

  private static int[] ordinals(StructType schema, List<String> names) {
    return names.stream().mapToInt(schema::fieldIndex).toArray();
  }

  private static DataType[] types(StructType schema, List<String> names) {
    return names.stream().map(n -> schema.apply(n).dataType()).toArray(DataType[]::new);
  }

  private record Model(CompiledFeatures features, String confJson, Broadcast<float[]> params, ModelTask task)
      implements Serializable {}

  private record Columns(int[] numeric, DataType[] numericTypes, int[] categorical, DataType[] categoricalTypes,
      int skip) implements Serializable {}

  private static final class Scored extends ScoredBatches<InternalRow, InternalRow> {
    private final Columns columns;
    private final List<Model> models;
    private final List<LongAccumulator> unseenAccumulators;
    private final long[] unseen;
    private final long[] ignoredUnseen;

    Scored(Iterator<InternalRow> rows, Columns columns, List<Model> models, int batchSize, boolean dl4jForward,
        CollectionAccumulator<Double> batchMillis, List<LongAccumulator> unseen) {
      super(rows, models.stream().map(m -> ScoringNetwork.forThread(m.confJson(), m.params().value())).toList(),
          models.stream().map(Model::task).toList(), batchSize, dl4jForward, batchMillis);
      this.columns = columns;
      this.models = models;
      this.unseenAccumulators = unseen;
      this.unseen = new long[columns.categorical().length];
      this.ignoredUnseen = new long[columns.categorical().length];
    }

    @Override
    InternalRow keep(InternalRow row) {
      return row.copy(); // the upstream row object is reused
    }

    @Override
    void features(int model, InternalRow row, SparseRows out) {
      if (accepted(row)) {
        models.get(model).features().append(row, columns.numeric(), columns.numericTypes(), columns.categorical(),
            columns.categoricalTypes(), out, model == 0 ? unseen : ignoredUnseen);
      } else {
        out.endRow(); // a rejected row: an empty feature row, its score is dropped in emit
      }
    }

    @Override
    InternalRow emit(InternalRow row, double[] scores, double[][] probabilities) {
      boolean rejected = !accepted(row);
      Object[] values = new Object[scores.length];
      for (int m = 0; m < scores.length; m++) {
        boolean vector = probabilities != null && probabilities[m] != null;
        values[m] = rejected ? null : vector ? new GenericArrayData(probabilities[m]) : (Object) scores[m];
      }
      return new JoinedRow(row, new GenericInternalRow(values));
    }

    private boolean accepted(InternalRow r) {
      return columns.skip() < 0 || r.isNullAt(columns.skip());
    }

    @Override
    void finished() {
      if (unseenAccumulators != null) {
        for (int j = 0; j < unseen.length && j < unseenAccumulators.size(); j++) {
          unseenAccumulators.get(j).add(unseen[j]);
          unseen[j] = 0;
        }
      }
    }
  }
}
