package io.lakeml.internal.model;

import io.lakeml.internal.features.SparseRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Scores rows with one or more networks inside mapPartitions, a mini-batch at a time: each
 * model's feature vectors are gathered into {@link SparseRows} and scored in bulk by the thread's
 * {@link ScoringNetwork}. Parameters travel once per executor JVM as a broadcast; no row reaches
 * the driver. The feature columns are consumed: the output has the other input columns, in order,
 * then one score column per model.
 */
public final class BatchScorer {
  public static final String SCORE = "score";

  private BatchScorer() {}

  /** One model to apply: its feature column in the input and the score column it adds. */
  public record Target(String featuresColumn, String scoreColumn, LoadedModel model) {}

  /** Appends {@link #SCORE} from one model's feature column (which is dropped). */
  public static Dataset<Row> score(Dataset<Row> withFeatures, LoadedModel model, String featuresColumn, int batchSize) {
    return score(withFeatures, List.of(new Target(featuresColumn, SCORE, model)), batchSize, null);
  }

  /**
   * Appends one score column per target.
   *
   * @param batchMillis when not null, receives the wall time of every mini-batch, in milliseconds
   */
  public static Dataset<Row> score(Dataset<Row> rows, List<Target> targets, int batchSize,
      CollectionAccumulator<Double> batchMillis) {
    return score(rows, targets, batchSize, false, batchMillis);
  }

  /**
   * Appends one score column per target.
   *
   * @param dl4jForward whether DL4J's own {@code output()} scores (the library path) instead of
   *     lakeml's sparse forward pass
   * @param batchMillis when not null, receives the wall time of every mini-batch, in milliseconds
   */
  public static Dataset<Row> score(Dataset<Row> rows, List<Target> targets, int batchSize, boolean dl4jForward,
      CollectionAccumulator<Double> batchMillis) {
    StructType in = rows.schema();
    List<Integer> kept = new ArrayList<>();
    List<String> featureColumns = targets.stream().map(Target::featuresColumn).toList();
    StructType out = new StructType();
    for (int i = 0; i < in.fields().length; i++) {
      StructField f = in.fields()[i];
      if (!featureColumns.contains(f.name())) {
        kept.add(i);
        out = out.add(f);
      }
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    List<Scoring> scorings = new ArrayList<>();
    for (Target t : targets) {
      out = out.add(t.scoreColumn(), RowScorer.outputType(t.model().task()), false);
      scorings.add(new Scoring(in.fieldIndex(t.featuresColumn()), t.model().confJson(), sc.broadcast(t.model().params()),
          t.model().task()));
    }
    int[] keep = kept.stream().mapToInt(Integer::intValue).toArray();
    return rows.mapPartitions((MapPartitionsFunction<Row, Row>) it ->
        new Scored(it, keep, scorings, batchSize, dl4jForward, batchMillis), Encoders.row(out));
  }

  /** What an executor needs to score one model: where its features are, and the network. */
  private record Scoring(int featureIndex, String confJson, Broadcast<float[]> params, ModelTask task)
      implements Serializable {}

  /** Scores the rows of one partition a mini-batch at a time, in order. */
  private static final class Scored extends ScoredBatches<Row, Row> {
    private final int[] keep;
    private final List<Scoring> scorings;

    Scored(Iterator<Row> rows, int[] keep, List<Scoring> scorings, int batchSize, boolean dl4jForward,
        CollectionAccumulator<Double> batchMillis) {
      super(rows, scorings.stream().map(s -> ScoringNetwork.forThread(s.confJson(), s.params().value())).toList(),
          scorings.stream().map(Scoring::task).toList(), batchSize, dl4jForward, batchMillis);
      this.keep = keep;
      this.scorings = scorings;
    }

    /** An array column's value as a Row holds it (a Scala Seq). */
    private static scala.collection.Seq<Double> boxed(double[] values) {
      java.util.List<Double> list = new java.util.ArrayList<>(values.length);
      for (double v : values) {
        list.add(v);
      }
      return io.lakeml.internal.util.Scala.seq(list);
    }

    @Override
    Row keep(Row row) {
      return row;
    }

    @Override
    void features(int model, Row row, SparseRows out) {
      out.add((Vector) row.get(scorings.get(model).featureIndex()));
    }

    @Override
    Row emit(Row row, double[] scores, double[][] probabilities) {
      Object[] values = new Object[keep.length + scores.length];
      for (int c = 0; c < keep.length; c++) {
        values[c] = row.get(keep[c]);
      }
      for (int m = 0; m < scores.length; m++) {
        boolean vector = probabilities != null && probabilities[m] != null;
        values[keep.length + m] = vector ? boxed(probabilities[m]) : (Object) scores[m];
      }
      return RowFactory.create(values);
    }
  }
}
