package io.lakeml.bench;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.data.SampleData;
import io.lakeml.dataset.DateWindow;
import io.lakeml.monitor.MonitorJob;
import io.lakeml.internal.runs.RunTracker;
import io.lakeml.score.ScoreBackfill;
import io.lakeml.internal.spark.SparkSessions;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Monitoring against scoring, in one JVM on the same lakehouse and rows: for windows of 1, 2 and 4
 * days and then every date of the sample (3,000,000 rows), the scoring job's backfill of the
 * window and a monitor run over it (all features, realized and estimated performance, operations,
 * writes), each timed end to end; the ratio is monitor / score. A second pass monitors the 4-day
 * window with only two of the six features declared, to show how the cost grows with features.
 * Needs a production model and its baseline: run {@code bin/lakeml demo} first, then
 * {@code bench/monitor.sh lakeml.lakehouse.root=...}.
 */
public final class MonitorBenchmark {
  private static final LocalDate FIRST = LocalDate.of(2001, 5, 1);

  private MonitorBenchmark() {}

  public static void main(String[] args) {
    LakemlConfig config = ConfigLoader.create().setAll(List.of(args)).load();
    SampleData.ensure(config.sampleData());
    SparkSession spark = SparkSessions.create(config.spark(), config.dl4j(), "bench-monitor");
    System.out.printf("heap max %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
    // Warm-up: one date through both jobs.
    score(spark, config, FIRST, FIRST);
    monitor(spark, config, FIRST, FIRST);
    if (!Boolean.getBoolean("lakeml.bench.features-only")) {
      System.out.println("window | rows | score s | monitor s | monitor / score");
      for (int days : new int[] {1, 2, 4}) {
        report(spark, config, FIRST, FIRST.plusDays(days - 1L));
      }
      report(spark, config, LocalDate.of(2001, 1, 1), LocalDate.of(2001, 6, 30));
    }
    LakemlConfig fewer = ConfigLoader.create().setAll(List.of(args)).datasetFile(twoFeatures(config)).load();
    for (LocalDate to : new LocalDate[] {FIRST.plusDays(3), LocalDate.of(2001, 6, 30)}) {
      LocalDate from = to.equals(FIRST.plusDays(3)) ? FIRST : LocalDate.of(2001, 1, 1);
      double six = monitor(spark, config, from, to);
      double two = monitor(spark, fewer, from, to);
      System.out.printf(Locale.ROOT, "%s..%s: monitor with 6 features %.1f s, with 2 features %.1f s%n", from, to, six,
          two);
    }
  }

  /** The flights dataset file with two of its six features (distance, origin) and no monitor section. */
  private static java.nio.file.Path twoFeatures(LakemlConfig config) {
    try {
      java.nio.file.Path source = java.nio.file.Path.of("conf/datasets/flights.conf");
      String text = java.nio.file.Files.readString(source);
      text = text.replaceAll("numeric = \\[[^\\]]*\\]", "numeric = [distance]")
          .replaceAll("categorical = \\[[^\\]]*\\]", "categorical = [origin]");
      text = text.substring(0, text.indexOf("  monitor {")) + "}\n";
      java.nio.file.Path out = java.nio.file.Files.createTempFile("flights-two-features", ".conf");
      return java.nio.file.Files.writeString(out, text.replace("\"data/flights-3m.parquet\"",
          "\"" + config.requireDataset().source().path() + "\""));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void report(SparkSession spark, LakemlConfig config, LocalDate from, LocalDate to) {
    long[] rows = {0};
    long start = System.nanoTime();
    ScoreBackfill.create(spark, config, Optional.empty(), false).execute(DateWindow.of(from, to),
        r -> rows[0] += r == null ? 0 : r.rowsScored());
    double score = (System.nanoTime() - start) / 1e9;
    double monitor = monitor(spark, config, from, to);
    System.out.printf(Locale.ROOT, "%s..%s | %,d | %.1f | %.1f | %.3f%n", from, to, rows[0], score, monitor,
        monitor / score);
  }

  private static double score(SparkSession spark, LakemlConfig config, LocalDate from, LocalDate to) {
    long start = System.nanoTime();
    ScoreBackfill.create(spark, config, Optional.empty(), false).execute(DateWindow.of(from, to), r -> { });
    return (System.nanoTime() - start) / 1e9;
  }

  private static double monitor(SparkSession spark, LakemlConfig config, LocalDate from, LocalDate to) {
    long start = System.nanoTime();
    MonitorJob.create(spark, config, RunTracker.start("monitor", config)).run(from, to);
    return (System.nanoTime() - start) / 1e9;
  }
}
