package io.lakeml.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.config.LakemlConfig;
import io.lakeml.config.MonitorConfig.Status;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input drift of edge-case days: every measure is defined (no NaN), and only real changes alert. */
class InputDriftTest {
  private static final LocalDate DAY = LocalDate.of(2001, 5, 1);
  @TempDir Path home;

  @Test
  void anAllNullFeatureDriftsOnlyByItsNullRate() {
    List<MetricRow> rows = measure(day(100, Map.of("distance", 100L), new long[] {0, 0, 0}, new double[0]));
    assertThat(rows).allSatisfy(r -> assertThat(Double.isFinite(r.value())).as(r.toString()).isTrue());
    assertThat(value(rows, "distance", "null_rate_change")).isEqualTo(1.0);
    assertThat(status(rows, "distance", "null_rate_change")).isEqualTo(Status.ALERT);
    assertThat(value(rows, "distance", "psi")).isZero();
    assertThat(value(rows, "distance", "wasserstein")).isZero();
  }

  @Test
  void theBaselinesOwnDistributionDoesNotDrift() {
    List<MetricRow> rows = measure(day(100, Map.of(), new long[] {25, 50, 25}, percentiles(0)));
    assertThat(value(rows, "distance", "psi")).isZero();
    assertThat(value(rows, "distance", "wasserstein")).isZero();
    assertThat(rows).filteredOn(r -> r.status() != Status.OK).isEmpty();
  }

  @Test
  void aShiftedDayDriftsByItsShiftOverTheBaselinesSpread() {
    List<MetricRow> rows = measure(day(100, Map.of(), new long[] {0, 25, 75}, percentiles(50)));
    assertThat(value(rows, "distance", "wasserstein")).isEqualTo(50 / 100.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(status(rows, "distance", "psi")).isEqualTo(Status.ALERT);
  }

  @Test
  void anEmptyDayHasNoDrift() {
    List<MetricRow> rows = measure(day(0, Map.of(), new long[] {0, 0, 0}, new double[0]));
    assertThat(rows).allSatisfy(r -> assertThat(r.value()).as(r.toString()).isZero());
  }

  private List<MetricRow> measure(DayProfiles.Profile day) {
    LakemlConfig config = TestConfigs.flights(home);
    DatasetConfig flights = config.requireDataset();
    DatasetConfig d = flights.withFeatures(new io.lakeml.dataset.FeatureSet(List.of("distance"), List.of()));
    Baseline baseline = new Baseline(3, Map.of("distance", new Baseline.Numeric(new double[] {100, 200},
        new double[] {0.25, 0.5, 0.25}, percentiles(0), 100)), Map.of(), Map.of("distance", 0.0));
    return new InputDrift(d, config.monitor(), baseline).measure(DAY, new InputDrift.Served("flights", 1, MetricRow.ALL), day,
        Optional.empty(), Map.of());
  }

  private static DayProfiles.Profile day(long rows, Map<String, Long> nulls, long[] bins, double[] percentiles) {
    Map<String, Long> n = new LinkedHashMap<>(Map.of("distance", 0L));
    n.putAll(nulls);
    return new DayProfiles.Profile(rows, n, Map.of("distance", bins), Map.of(), Map.of("distance", percentiles));
  }

  /** Percentiles 0..100 of a uniform distribution on [offset, offset + 300]. */
  private static double[] percentiles(double offset) {
    double[] p = new double[101];
    for (int i = 0; i <= 100; i++) {
      p[i] = offset + 3.0 * i;
    }
    return p;
  }

  private static double value(List<MetricRow> rows, String feature, String metric) {
    return find(rows, feature, metric).value();
  }

  private static Status status(List<MetricRow> rows, String feature, String metric) {
    return find(rows, feature, metric).status();
  }

  private static MetricRow find(List<MetricRow> rows, String feature, String metric) {
    return rows.stream().filter(r -> r.feature().equals(feature) && r.metric().equals(metric)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + metric + " of " + feature + " in " + rows));
  }
}
