package io.lakeml.prep.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import io.lakeml.cli.JobLauncher;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.data.SampleData;
import io.lakeml.dataset.DateWindow;
import io.lakeml.prep.PrepJob;
import io.lakeml.prep.PrepResult;
import io.lakeml.spark.SparkSessions;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * data-prep on all 3,000,000 sample flights against its I/O floor, measured in the same JVM: a
 * plain read-Parquet -> write-Delta copy of the same rows with the same partitioning. Each is run
 * three times (the first warms the JVM; timings vary by about a second); the best of each counts.
 * Prints both and the ratio. Run with {@code bench/prep.sh}.
 */
public final class PrepBenchmark {
  private PrepBenchmark() {}

  public static void main(String[] args) {
    LakemlConfig config = ConfigLoader.create().setAll(java.util.List.of(args)).load();
    SampleData.ensure(config.sampleData());
    SparkSession spark = SparkSessions.create(config.spark(), config.dl4j(), "bench-prep");
    String source = config.requireDataset().source().path();
    String out = config.lakehouse().root() + "/bench";

    double copy = Double.MAX_VALUE;
    double prep = Double.MAX_VALUE;
    long rows = 0;
    for (int round = 1; round <= 3; round++) {
      copy = Math.min(copy, time(() -> spark.read().parquet(source)
          .withColumn("event_date", to_date(col("date")))
          .write().format("delta").mode("overwrite").partitionBy("event_date").save(out + "/copy")));
      long[] read = new long[1];
      prep = Math.min(prep, time(() -> JobLauncher.run("prep", config, spark, (s, c, run) -> {
        PrepResult r = PrepJob.create(s, c, DateWindow.ALL, run).run();
        read[0] = r.rowsRead();
      })));
      rows = read[0];
      System.out.printf(Locale.ROOT, "round %d: copy best %.1f s, prep best %.1f s%n", round, copy, prep);
    }
    System.out.printf(Locale.ROOT, "%nrows: %,d%ncopy (Parquet -> Delta, partitioned by event_date): %.1f s%n"
        + "prep (contract, Deequ checks, quarantine, write, baseline, report): %.1f s%n"
        + "ratio prep / copy: %.2f (target <= 1.5)%n", rows, copy, prep, prep / copy);
    spark.stop();
  }

  private static double time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
