package io.lakeml.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The mini-batch loop both scorers share: take up to {@code batchSize} rows of a partition, let
 * each model fill {@link SparseRows} from them and score the batch in bulk, time it, then hand the
 * rows out one by one with their scores. Subclasses say how a row is kept, read and emitted.
 *
 * @param <I> the input row type
 * @param <O> the output row type
 */
abstract class ScoredBatches<I, O> implements Iterator<O> {
  private final Iterator<I> rows;
  private final List<ScoringNetwork> networks;
  private final int batchSize;
  private final CollectionAccumulator<Double> batchMillis;
  private final SparseRows sparse = new SparseRows();
  private final List<I> batch;
  private double[][] scores;
  private int next;

  ScoredBatches(Iterator<I> rows, List<ScoringNetwork> networks, int batchSize, CollectionAccumulator<Double> batchMillis) {
    this.rows = rows;
    this.networks = networks;
    this.batchSize = batchSize;
    this.batchMillis = batchMillis;
    this.batch = new ArrayList<>(batchSize);
  }

  /** The row as kept in the batch (a copy when upstream reuses its row objects). */
  abstract I keep(I row);

  /** Appends the feature row of model {@code model} for {@code row} to {@code out}. */
  abstract void features(int model, I row, SparseRows out);

  /** The output row: the input with one score per model ({@code scores[m]}). */
  abstract O emit(I row, double[] scores);

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
    for (int m = 0; m < networks.size(); m++) {
      sparse.clear();
      for (I r : batch) {
        features(m, r, sparse);
      }
      scores[m] = networks.get(m).positiveProbabilities(sparse);
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
    for (int m = 0; m < scores.length; m++) {
      rowScores[m] = scores[m][next];
    }
    return emit(batch.get(next++), rowScores);
  }
}
