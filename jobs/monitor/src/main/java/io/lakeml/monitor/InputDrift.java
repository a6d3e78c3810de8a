package io.lakeml.monitor;

import io.lakeml.config.MonitorConfig;
import io.lakeml.config.MonitorConfig.Bounds;
import io.lakeml.config.MonitorConfig.Measure;
import io.lakeml.config.MonitorConfig.Status;
import io.lakeml.dataset.DatasetConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Input drift of one date: each feature against the baseline (and, when configured, against the
 * previous days), and whether the dataset as a whole drifts. Measures with nothing to compare (no
 * non-null value on a side) are 0: the null-rate change carries that signal.
 */
final class InputDrift {
  static final String DATASET_DRIFT = "dataset_drift_share";

  private final DatasetConfig dataset;
  private final MonitorConfig config;
  private final Baseline baseline;

  InputDrift(DatasetConfig dataset, MonitorConfig config, Baseline baseline) {
    this.dataset = dataset;
    this.config = config;
    this.baseline = baseline;
  }

  /**
   * Whose rows are measured, for the rows' model and variant columns: {@link MetricRow#ALL} for
   * every row the date served, or one variant's rows.
   */
  record Served(String name, long version, String variant) {}

  /**
   * The drift rows of {@code day} against the baseline, plus against {@code trailing} (the sum of
   * the previous days) when present; {@code unseen}: the share of rows per categorical feature
   * whose value the model never saw, as scoring counted them.
   */
  List<MetricRow> measure(LocalDate date, Served model, DayProfiles.Profile day, Optional<DayProfiles.Profile> trailing,
      Map<String, Double> unseen) {
    List<MetricRow> rows = new ArrayList<>();
    String reference = "baseline v" + baseline.preparedVersion();
    int alerting = 0;
    for (String f : dataset.features().all()) {
      List<MetricRow> own = feature(date, model, f, day, reference);
      if (unseen.containsKey(f) && config.measures(f, Measure.UNSEEN_SHARE)) {
        own.add(row(date, model, f, Measure.UNSEEN_SHARE, unseen.get(f), "model vocabulary"));
      }
      trailing.ifPresent(t -> own.addAll(againstTrailing(date, model, f, day, t)));
      own.removeIf(r -> !config.measures(f, Measure.valueOf(r.metric().toUpperCase(java.util.Locale.ROOT))));
      if (own.stream().anyMatch(r -> r.status() == Status.ALERT)) {
        alerting++;
      }
      rows.addAll(own);
    }
    double share = dataset.features().all().isEmpty() ? 0 : (double) alerting / dataset.features().all().size();
    Status status = share >= config.datasetShare() && alerting > 0 ? Status.ALERT : Status.OK;
    rows.add(new MetricRow(date, model.name(), model.version(), model.variant(), DATASET_DRIFT, "", share,
        config.datasetShare(), status, reference));
    return rows;
  }

  private List<MetricRow> feature(LocalDate date, Served model, String f, DayProfiles.Profile day, String reference) {
    List<MetricRow> rows = new ArrayList<>();
    double nullRate = day.rows() == 0 ? 0 : (double) day.nulls().get(f) / day.rows();
    rows.add(row(date, model, f, Measure.NULL_RATE_CHANGE, Math.abs(nullRate - baseline.nullRates().get(f)), reference));
    Baseline.Numeric numeric = baseline.numeric().get(f);
    if (numeric != null) {
      double[] actual = shares(day.bins().get(f));
      rows.add(row(date, model, f, Measure.PSI, nonEmpty(actual) ? DriftMeasures.psi(numeric.shares(), actual) : 0, reference));
      double[] percentiles = day.percentiles().get(f);
      double w = percentiles.length == numeric.percentiles().length && percentiles.length > 0
          ? DriftMeasures.wasserstein(numeric.percentiles(), percentiles, numeric.std()) : 0;
      rows.add(row(date, model, f, Measure.WASSERSTEIN, w, reference));
    }
    Baseline.Categorical categorical = baseline.categorical().get(f);
    if (categorical != null) {
      double[] actual = shares(day.categories().get(f));
      rows.add(row(date, model, f, Measure.PSI, nonEmpty(actual) ? DriftMeasures.psi(categorical.shares(), actual) : 0,
          reference));
      rows.add(row(date, model, f, Measure.JENSEN_SHANNON,
          nonEmpty(actual) ? DriftMeasures.jensenShannon(categorical.shares(), actual) : 0, reference));
    }
    return rows;
  }

  /** The same distribution measures against the previous days' rows (PSI and JS on the baseline's bins). */
  private List<MetricRow> againstTrailing(LocalDate date, Served model, String f, DayProfiles.Profile day,
      DayProfiles.Profile trailing) {
    String reference = "previous " + config.trailingDays() + " days";
    List<MetricRow> rows = new ArrayList<>();
    long[] now = baseline.numeric().containsKey(f) ? day.bins().get(f) : day.categories().get(f);
    long[] before = baseline.numeric().containsKey(f) ? trailing.bins().get(f) : trailing.categories().get(f);
    if (now == null || before == null || !nonEmpty(shares(before)) || !nonEmpty(shares(now))) {
      return rows;
    }
    rows.add(row(date, model, f, Measure.PSI, DriftMeasures.psi(shares(before), shares(now)), reference));
    if (baseline.categorical().containsKey(f)) {
      rows.add(row(date, model, f, Measure.JENSEN_SHANNON, DriftMeasures.jensenShannon(shares(before), shares(now)),
          reference));
    }
    return rows;
  }

  private MetricRow row(LocalDate date, Served model, String feature, Measure m, double value, String reference) {
    Bounds b = config.bounds(feature, m);
    return new MetricRow(date, model.name(), model.version(), model.variant(), m.metric(), feature, value, b.alert(),
        b.status(value), reference);
  }

  static double[] shares(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] out = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = total == 0 ? 0 : (double) counts[i] / total;
    }
    return out;
  }

  private static boolean nonEmpty(double[] shares) {
    for (double s : shares) {
      if (s > 0) {
        return true;
      }
    }
    return false;
  }
}
