package io.lakeml.train;

import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.metrics.MetricCatalog;
import io.lakeml.internal.model.Batch;
import io.lakeml.internal.model.ModelTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One trial, fitted in one Spark task on one worker: seeded epochs over its own batch size, the
 * validation loss and headline metric after each, early stopping on the loss with the trial's
 * patience. A non-finite loss or any error ends the trial as {@code failed} with the reason.
 */
final class TrialFit {
  private TrialFit() {}

  static TrialResult run(Trial t, TrialData train, TrialData validation, ModelTask task, String rendered) {
    long started = System.nanoTime();
    String metric = MetricCatalog.headline(task.kind());
    double bestLoss = Double.POSITIVE_INFINITY;
    double bestMetric = Double.NaN;
    int bestEpoch = 0;
    int epoch = 0;
    try {
      MultiLayerNetwork net = NetworkFactory.initialised(MultiLayerConfiguration.fromJson(t.confJson()));
      List<Batch> batches = train.batches(t.batchSize());
      int without = 0;
      while (epoch < t.epochs() && (t.patience() == 0 || without < t.patience())) {
        List<Batch> order = new ArrayList<>(batches);
        Collections.shuffle(order, new Random(ParameterAveraging.mix(t.seed(), epoch, 0, -1)));
        net.getLayerWiseConfigurations().setEpochCount(epoch);
        Nd4j.getRandom().setSeed(ParameterAveraging.mix(t.seed(), epoch, 0, 0)); // dropout masks
        for (Batch b : order) {
          net.fit(b.toDataSet(task));
        }
        epoch++;
        double[] m = evaluate(net, validation, task);
        if (!Double.isFinite(m[0]) || !finite(net.params())) {
          return failed(t, rendered, metric, "diverged: the validation loss is " + m[0]
              + (finite(net.params()) ? "" : " and a parameter is not finite") + " after epoch " + epoch
              + "; a lower learning rate avoids it", epoch, started);
        }
        if (m[0] < bestLoss) {
          bestLoss = m[0];
          bestMetric = m[1];
          bestEpoch = epoch;
          without = 0;
        } else {
          without++;
        }
      }
    } catch (RuntimeException e) {
      return failed(t, rendered, metric, e.getClass().getSimpleName() + ": " + e.getMessage(), epoch, started);
    }
    return new TrialResult(t.index(), t.rung(), rendered, TrialResult.OK, "", metric, bestMetric, bestLoss, bestEpoch, epoch,
        seconds(started));
  }

  private static boolean finite(INDArray params) {
    for (float p : params.toFloatVector()) {
      if (!Float.isFinite(p)) {
        return false;
      }
    }
    return true;
  }

  private static TrialResult failed(Trial t, String rendered, String metric, String reason, int epochs, long started) {
    return new TrialResult(t.index(), t.rung(), rendered, TrialResult.FAILED, reason, metric, Double.NaN, Double.NaN, 0, epochs,
        seconds(started));
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }

  /** The validation loss and headline metric (AUC exact, accuracy, or R2) of the network now. */
  static double[] evaluate(MultiLayerNetwork net, TrialData validation, ModelTask task) {
    int n = validation.size();
    double[][] rows = new double[n][];
    int i = 0;
    for (Batch b : validation.batches(4096)) {
      INDArray outputs = net.output(b.features(), false);
      for (int r = 0; r < b.rows(); r++) {
        rows[i++] = Validation.row(task, outputs, r, b.labels()[r]);
      }
    }
    double loss = 0;
    for (double[] r : rows) {
      loss += r[0];
    }
    return new double[] {loss / n, headline(task.kind(), rows)};
  }

  private static double headline(LabelKind kind, double[][] rows) {
    return switch (kind) {
      case BINARY -> auc(rows);
      case MULTICLASS -> Arrays.stream(rows).mapToDouble(r -> r[1]).average().orElse(Double.NaN);
      case REGRESSION -> {
        double mean = Arrays.stream(rows).mapToDouble(r -> r[2]).average().orElse(Double.NaN);
        double total = Arrays.stream(rows).mapToDouble(r -> (r[2] - mean) * (r[2] - mean)).sum();
        double residual = Arrays.stream(rows).mapToDouble(r -> r[0]).sum();
        yield total == 0 ? Double.NaN : 1 - residual / total;
      }
    };
  }

  /** Exact ROC AUC: the Mann-Whitney statistic, ties given their average rank. */
  static double auc(double[][] rows) {
    double[][] sorted = rows.clone();
    Arrays.sort(sorted, (a, b) -> Double.compare(a[1], b[1]));
    double rankSum = 0;
    long positives = 0;
    for (double[] r : rows) {
      if (!Double.isFinite(r[1])) {
        return Double.NaN;
      }
    }
    for (int i = 0; i < sorted.length;) {
      int j = i + 1;
      while (j < sorted.length && sorted[j][1] == sorted[i][1]) {
        j++;
      }
      double rank = (i + 1 + j) / 2.0; // ranks i+1 .. j share their mean
      for (int k = i; k < j; k++) {
        if (sorted[k][2] > 0.5) {
          rankSum += rank;
          positives++;
        }
      }
      i = j;
    }
    long negatives = sorted.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
