package io.lakeml.monitor;

import io.lakeml.config.MonitorConfig;
import io.lakeml.config.MonitorConfig.Bounds;
import io.lakeml.config.MonitorConfig.Status;
import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.monitoring.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prediction drift, realized performance (where labels are known) and estimated performance
 * (without labels) of one date and variant, from its {@link OutputHistograms}.
 *
 * <p>The estimate is confidence-based performance estimation (CBPE, as NannyML's): each row's
 * calibrated score is the probability that it is positive, so a bin of rows with calibrated score c
 * holds c of a positive per row in expectation; the expected AUC ranks those expected positives and
 * negatives by score, the expected accuracy counts c for rows predicted positive and 1 - c for the
 * others. The calibration is the version's isotonic fit on its test split.
 */
final class OutputMetrics {
  private final MonitorConfig config;
  private final LabelKind kind;
  OutputMetrics(MonitorConfig config, LabelKind kind) {
    this.config = config;
    this.kind = kind;
  }

  List<MetricRow> measure(OutputHistograms.Key key, List<OutputHistograms.Cell> cells, Optional<Reference> reference) {
    List<MetricRow> rows = new ArrayList<>();
    double total = cells.stream().mapToDouble(OutputHistograms.Cell::rows).sum();
    String evaluation = "evaluation v" + key.modelVersion();
    rows.add(info(key, "rows", total, "scored rows"));
    if (total == 0) {
      return rows;
    }
    reference.ifPresent(r -> rows.add(bounded(key, "prediction_psi", predictionPsi(cells, r), config.predictionPsi(),
        evaluation)));
    double confidence = meanConfidence(cells, total);
    rows.add(info(key, "mean_confidence", confidence, evaluation));
    reference.map(r -> r.metrics().get("mean_confidence")).ifPresent(c -> rows.add(bounded(key, "confidence_change",
        Math.abs(confidence - c), config.confidenceChange(), evaluation)));
    if (kind == LabelKind.BINARY) {
      double positiveRate = cells.stream().filter(c -> c.predicted() == 1).mapToDouble(OutputHistograms.Cell::rows).sum()
          / total;
      rows.add(info(key, "positive_rate", positiveRate, evaluation));
      reference.map(r -> r.metrics().get("positive_rate")).ifPresent(p -> rows.add(bounded(key, "positive_rate_change",
          Math.abs(positiveRate - p), config.positiveRateChange(), evaluation)));
      reference.filter(Reference::calibrates).ifPresent(r -> rows.addAll(estimated(key, cells, total, r)));
    }
    double labelled = cells.stream().mapToDouble(OutputHistograms.Cell::labelled).sum();
    if (labelled > 0) {
      rows.add(info(key, "labelled_rows", labelled, "labels"));
      rows.addAll(realized(key, cells, labelled, reference));
    }
    return rows;
  }

  private List<MetricRow> realized(OutputHistograms.Key key, List<OutputHistograms.Cell> cells, double labelled,
      Optional<Reference> reference) {
    List<MetricRow> rows = new ArrayList<>();
    String source = "labels";
    switch (kind) {
      case BINARY -> {
        double positives = cells.stream().mapToDouble(OutputHistograms.Cell::positives).sum();
        double[][] byBin = byFineBin(cells, c -> c.positives(), c -> c.labelled() - c.positives());
        double auc = auc(byBin[0], byBin[1]);
        if (!Double.isNaN(auc)) {
          rows.add(aucRow(key, auc, source));
          reference.flatMap(OutputMetrics::testAuc).ifPresent(t -> rows.add(bounded(key, "auc_drop", t - auc,
              config.aucDrop(), "daily test AUC of evaluation v" + key.modelVersion())));
        }
        rows.add(info(key, "log_loss", sum(cells, OutputHistograms.Cell::logLoss) / labelled, source));
        rows.add(info(key, "brier", sum(cells, OutputHistograms.Cell::brier) / labelled, source));
        rows.add(info(key, "calibration_error", calibrationError(cells, labelled), source));
        rows.add(info(key, "accuracy", sum(cells, OutputHistograms.Cell::correct) / labelled, source));
        rows.add(info(key, "label_rate", positives / labelled, source));
      }
      case MULTICLASS -> rows.add(info(key, "accuracy", sum(cells, OutputHistograms.Cell::correct) / labelled, source));
      case REGRESSION -> {
        rows.add(info(key, "rmse", Math.sqrt(sum(cells, OutputHistograms.Cell::squaredError) / labelled), source));
        rows.add(info(key, "mae", sum(cells, OutputHistograms.Cell::absoluteError) / labelled, source));
      }
    }
    return rows;
  }

  private List<MetricRow> estimated(OutputHistograms.Key key, List<OutputHistograms.Cell> cells, double total, Reference r) {
    double[] expectedPositives = new double[OutputHistograms.FINE_BINS];
    double[] expectedNegatives = new double[OutputHistograms.FINE_BINS];
    double correct = 0;
    for (OutputHistograms.Cell c : cells) {
      double p = r.calibrate(c.valueSum() / c.rows());
      expectedPositives[c.fine()] += c.rows() * p;
      expectedNegatives[c.fine()] += c.rows() * (1 - p);
      correct += c.predicted() == 1 ? c.rows() * p : c.rows() * (1 - p);
    }
    String source = "calibrated scores of evaluation v" + key.modelVersion();
    List<MetricRow> rows = new ArrayList<>();
    double auc = auc(expectedPositives, expectedNegatives);
    Optional<Double> tested = testAuc(r);
    if (!Double.isNaN(auc)) {
      rows.add(info(key, "estimated_auc", auc, source));
      tested.ifPresent(t -> rows.add(bounded(key, "estimated_auc_drop", t - auc, config.aucDrop(), source)));
    }
    rows.add(info(key, "estimated_accuracy", correct / total, source));
    return rows;
  }

  /**
   * The AUC a day's rows are held to: the mean of the test split's AUC within each of its days
   * (a day's AUC ranks rows of one date only, so features that are constant within a day, and
   * whatever else moves whole days, cannot help it as they help the AUC over all test rows);
   * the test AUC when the version was evaluated before that was kept.
   */
  static Optional<Double> testAuc(Reference r) {
    return Optional.ofNullable(r.metrics().getOrDefault("test_daily_auc", r.metrics().get("test_auc")));
  }

  /** The realized AUC, held to the configured floor when there is one. */
  private MetricRow aucRow(OutputHistograms.Key key, double auc, String source) {
    Status floor = auc < config.minAuc() ? Status.ALERT : Status.OK;
    return new MetricRow(key.date(), key.modelName(), key.modelVersion(), key.variant(), "auc", "", auc,
        config.minAuc() > 0 ? config.minAuc() : Double.NaN, floor, source);
  }

  /** PSI of the served value on the version's evaluation deciles (merged where deciles tie). */
  private static double predictionPsi(List<OutputHistograms.Cell> cells, Reference r) {
    double[] expected = referenceShares(r.quantiles());
    double[] actual = new double[expected.length];
    double total = 0;
    for (OutputHistograms.Cell c : cells) {
      actual[Math.min(c.reference(), actual.length - 1)] += c.rows();
      total += c.rows();
    }
    for (int i = 0; i < actual.length; i++) {
      actual[i] /= total;
    }
    return DriftMeasures.psi(expected, actual);
  }

  /** The distinct inner deciles of a reference: the edges of its bins. */
  static double[] referenceEdges(double[] quantiles) {
    TreeMap<Double, Integer> edges = new TreeMap<>();
    for (int i = 1; i < quantiles.length - 1; i++) {
      edges.merge(quantiles[i], 1, Integer::sum);
    }
    return edges.keySet().stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Each reference bin's share: 1/BINS per decile step it spans. */
  static double[] referenceShares(double[] quantiles) {
    double[] edges = referenceEdges(quantiles);
    double[] shares = new double[edges.length + 1];
    int bins = quantiles.length - 1;
    for (int i = 1; i <= bins; i++) {
      // Decile step i covers (q[i-1], q[i]]; it belongs to the bin of its upper quantile.
      int bin = DayProfiles.binOf(quantiles[i], edges);
      shares[Math.min(bin, shares.length - 1)] += 1.0 / bins;
    }
    return shares;
  }

  private double meanConfidence(List<OutputHistograms.Cell> cells, double total) {
    double sum = 0;
    for (OutputHistograms.Cell c : cells) {
      double mean = c.valueSum() / c.rows();
      sum += c.rows() * (kind == LabelKind.BINARY ? Math.max(mean, 1 - mean) : mean);
    }
    return sum / total;
  }

  /** Expected calibration error over ten equal-width score bins. */
  private static double calibrationError(List<OutputHistograms.Cell> cells, double labelled) {
    double[] n = new double[10];
    double[] scoreSum = new double[10];
    double[] positives = new double[10];
    for (OutputHistograms.Cell c : cells) {
      if (c.labelled() == 0) {
        continue;
      }
      int b = Math.min(9, c.fine() * 10 / OutputHistograms.FINE_BINS);
      double share = c.labelled() / c.rows();
      n[b] += c.labelled();
      scoreSum[b] += c.valueSum() * share;
      positives[b] += c.positives();
    }
    double error = 0;
    for (int b = 0; b < 10; b++) {
      if (n[b] > 0) {
        error += Math.abs(scoreSum[b] / n[b] - positives[b] / n[b]) * n[b] / labelled;
      }
    }
    return error;
  }

  private static double[][] byFineBin(List<OutputHistograms.Cell> cells,
      java.util.function.ToDoubleFunction<OutputHistograms.Cell> positive,
      java.util.function.ToDoubleFunction<OutputHistograms.Cell> negative) {
    double[] p = new double[OutputHistograms.FINE_BINS];
    double[] n = new double[OutputHistograms.FINE_BINS];
    for (OutputHistograms.Cell c : cells) {
      p[c.fine()] += positive.applyAsDouble(c);
      n[c.fine()] += negative.applyAsDouble(c);
    }
    return new double[][] {p, n};
  }

  static double auc(double[] positives, double[] negatives) {
    return io.lakeml.internal.monitoring.BinnedAuc.of(positives, negatives);
  }

  private static double sum(List<OutputHistograms.Cell> cells, java.util.function.ToDoubleFunction<OutputHistograms.Cell> f) {
    return cells.stream().mapToDouble(f).sum();
  }

  private static MetricRow info(OutputHistograms.Key key, String metric, double value, String reference) {
    return MetricRow.info(key.date(), key.modelName(), key.modelVersion(), key.variant(), metric, value, reference);
  }

  private static MetricRow bounded(OutputHistograms.Key key, String metric, double value, Bounds b, String reference) {
    return new MetricRow(key.date(), key.modelName(), key.modelVersion(), key.variant(), metric, "", value, b.alert(),
        b.status(value), reference);
  }

}
