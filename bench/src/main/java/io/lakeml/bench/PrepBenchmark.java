package io.lakeml.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.data.SampleData;
import io.lakeml.dataset.DateWindow;
import io.lakeml.prep.PrepJob;
import io.lakeml.prep.PrepResult;
import io.lakeml.internal.spark.SparkSessions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * data-prep on all 3,000,000 sample flights against its I/O floor, measured in the same JVM: a
 * plain read-Parquet -> write-Delta copy of the same rows with the same partitioning. The two
 * alternate: {@code -Dlakeml.bench.warmup} rounds (default 3: both keep getting faster for that
 * long as the JIT compiles their shared Parquet and Delta code) and then
 * {@code -Dlakeml.bench.rounds} measured ones (default 5; on this 2-core machine single timings
 * vary by a second). The best measured time of each counts; the median of the measured rounds'
 * own ratios is printed beside it. Run with {@code bench/prep.sh}.
 */
public final class PrepBenchmark {
  private PrepBenchmark() {}

  public static void main(String[] args) {
    LakemlConfig config = ConfigLoader.create().setAll(java.util.List.of(args)).load();
    SampleData.ensure(config.sampleData());
    SparkSession spark = SparkSessions.create(config.spark(), config.dl4j(), "bench-prep");
    String source = config.requireDataset().source().path();
    String out = config.lakehouse().root() + "/bench";

    int warmup = Integer.getInteger("lakeml.bench.warmup", 3);
    int rounds = warmup + Integer.getInteger("lakeml.bench.rounds", 5);
    double copy = Double.MAX_VALUE;
    double prep = Double.MAX_VALUE;
    List<Double> ratios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>(); // CPU seconds: steady where wall time on a shared VM is not
    long rows = 0;
    for (int round = 1; round <= rounds; round++) {
      double cpu0 = BenchClock.processCpuSeconds();
      double c = BenchClock.seconds(() -> spark.read().parquet(source)
          .withColumn("event_date", to_date(col("date")))
          .write().format("delta").mode("overwrite").partitionBy("event_date").save(out + "/copy"));
      double cpu1 = BenchClock.processCpuSeconds();
      long[] read = new long[1];
      double p = BenchClock.seconds(() -> JobLauncher.run("prep", config, spark, (s, cfg, run) -> {
        PrepResult r = PrepJob.create(s, cfg, DateWindow.ALL, run).run();
        read[0] = r.rowsRead();
      }));
      double cpuPrep = BenchClock.processCpuSeconds() - cpu1;
      double cpuCopy = cpu1 - cpu0;
      if (round > warmup) {
        copy = Math.min(copy, c);
        prep = Math.min(prep, p);
        ratios.add(p / c);
        cpuRatios.add(cpuPrep / cpuCopy);
      }
      rows = read[0];
      System.out.printf(Locale.ROOT, "%s %d: copy %.2f s, prep %.2f s (ratio %.2f); CPU copy %.1f s, prep %.1f s (ratio %.2f);"
          + " GC %.2f s so far%n", round > warmup ? "round" : "warm-up", round, c, p, p / c, cpuCopy, cpuPrep,
          cpuPrep / cpuCopy, gcSeconds());
    }
    Collections.sort(ratios);
    Collections.sort(cpuRatios);
    System.out.printf(Locale.ROOT, "%nrows: %,d%ncopy (Parquet -> Delta, partitioned by event_date): best %.2f s%n"
        + "prep (contract, Deequ checks, quarantine, write, baseline, report): best %.2f s%n"
        + "ratio prep / copy: %.2f of the best times, median of the %d rounds' ratios %.2f (target <= 1.5)%n"
        + "process CPU prep / copy, median of the rounds: %.2f%n",
        rows, copy, prep, prep / copy, ratios.size(), BenchClock.median(ratios), BenchClock.median(cpuRatios));
    spark.stop();
  }

  private static double gcSeconds() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum() / 1e3;
  }

}
