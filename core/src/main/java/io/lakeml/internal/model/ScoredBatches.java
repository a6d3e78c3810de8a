package io.lakeml.internal.model;

import io.lakeml.internal.features.SparseRows;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The mini-batch loop both scorers share: take up to {@code batchSize} rows of a partition, let
 * each model fill {@link SparseRows} from them and score the batch in bulk, time it, then hand the
 * rows out one by one with their scores. Subclasses say how a row is kept, read and emitted. Each
 * model gives one number per row (a binary model's positive probability, a regression model's
 * prediction in the label's units) or, for a multiclass model, its class probabilities.
 *
 * @param <I> the input row type
 * @param <O> the output row type
 */
abstract class ScoredBatches<I, O> implements Iterator<O> {
  private final Iterator<I> rows;
  private final List<ScoringNetwork> networks;
  private final List<ModelTask> tasks;
  private final int batchSize;
  private final boolean dl4jForward;
  private final CollectionAccumulator<Double> batchMillis;
  private final SparseRows sparse = new SparseRows();
  private final List<I> batch;
  private double[][] scores;
  private double[][] vectors; // per multiclass model: its probabilities, row-major; null for the others
  private int next;

  /**
   * @param dl4jForward whether DL4J's own {@code output()} on dense rows scores each batch instead of
   *     lakeml's sparse forward pass (the library path; same outputs within 1e-5)
   */
  ScoredBatches(Iterator<I> rows, List<ScoringNetwork> networks, List<ModelTask> tasks, int batchSize,
      boolean dl4jForward, CollectionAccumulator<Double> batchMillis) {
    this.rows = rows;
    this.networks = networks;
    this.tasks = tasks;
    this.batchSize = batchSize;
    this.dl4jForward = dl4jForward;
    this.batchMillis = batchMillis;
    this.batch = new ArrayList<>(batchSize);
  }

  /** The row as kept in the batch (a copy when upstream reuses its row objects). */
  abstract I keep(I row);

  /** Appends the feature row of model {@code model} for {@code row} to {@code out}. */
  abstract void features(int model, I row, SparseRows out);

  /**
   * The output row: the input with each model's output: {@code scores[m]}, or for a multiclass
   * model {@code probabilities[m]} (null for the others).
   */
  abstract O emit(I row, double[] scores, double[][] probabilities);

  /** Called once the partition is exhausted. */
  void finished() {}

  @Override
  public final boolean hasNext() {
    if (next < batch.size()) {
      return true;
    }
    if (!rows.hasNext()) {
      finished();
      return false;
    }
    batch.clear();
    while (rows.hasNext() && batch.size() < batchSize) {
      batch.add(keep(rows.next()));
    }
    long start = System.nanoTime();
    scores = new double[networks.size()][];
    vectors = new double[networks.size()][];
    for (int m = 0; m < networks.size(); m++) {
      sparse.clear();
      for (I r : batch) {
        features(m, r, sparse);
      }
      ModelTask task = tasks.get(m);
      switch (task.kind()) {
        case BINARY -> scores[m] = dl4jForward ? networks.get(m).denseProbabilities(sparse)
            : networks.get(m).positiveProbabilities(sparse);
        case REGRESSION -> {
          double[] out = dl4jForward ? networks.get(m).denseOutputs(sparse) : networks.get(m).outputs(sparse);
          for (int r = 0; r < out.length; r++) {
            out[r] = task.prediction(out[r]);
          }
          scores[m] = out;
        }
        case MULTICLASS -> {
          vectors[m] = dl4jForward ? networks.get(m).denseOutputs(sparse) : networks.get(m).outputs(sparse);
          scores[m] = new double[batch.size()];
        }
      }
    }
    if (batchMillis != null) {
      batchMillis.add((System.nanoTime() - start) / 1e6);
    }
    next = 0;
    return true;
  }

  @Override
  public final O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    double[] rowScores = new double[scores.length];
    double[][] rowVectors = null;
    for (int m = 0; m < scores.length; m++) {
      rowScores[m] = scores[m][next];
      if (vectors[m] != null) {
        int k = tasks.get(m).outputs();
        rowVectors = rowVectors == null ? new double[scores.length][] : rowVectors;
        rowVectors[m] = java.util.Arrays.copyOfRange(vectors[m], next * k, (next + 1) * k);
      }
    }
    return emit(batch.get(next++), rowScores, rowVectors);
  }
}
