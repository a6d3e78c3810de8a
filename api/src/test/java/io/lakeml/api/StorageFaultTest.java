package io.lakeml.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.testing.SparkTestSession;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lakehouse in a bucket of a real S3 API reached through {@link FaultProxy}, which fails the
 * requests a rule picks with 503 SlowDown: a store that throttles every fifth request still gets
 * every prep committed (S3A and its SDK retry), and a store that refuses a commit makes prep fail
 * with EXTERNAL (5, retryable) and leaves nothing a reader sees: no version, no rows (its data
 * files stay outside every snapshot until VACUUM, as the commit's fate is unknown to the writer);
 * the rerun, once the store answers, commits the window.
 */
class StorageFaultTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
  private static final LocalDate NEXT = DAY.plusDays(1);
  private static final String ROOT = "s3a://faults/lakehouse";
  private static final String PREPARED = ROOT + "/tables/prepared_loans";
  private static final Pattern PREPARED_COMMIT = Pattern.compile("/faults/lakehouse/tables/prepared_loans/_delta_log/\\d{20}\\.json");
  @TempDir Path home;

  @Test
  void throttlingIsRetriedAndACommitTheStoreRefusesLeavesNothing() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try (S3Server s3 = S3Server.start(home.resolve("s3")); FaultProxy proxy = FaultProxy.start(s3.port())) {
      s3.bucket("faults");
      Map<String, String> s3a = s3aSettings(s3, proxy);
      s3a.forEach(hadoop::set);
      try {
        Lakeml lakeml = Lakeml.builder().home(home).configFile(LoansDataset.conf(home,
            LoansDataset.csv(home.resolve("loans.csv")).toString())).set("lakeml.lakehouse.root", ROOT).spark(spark).build();

        proxy.failing((method, target, n) -> n % 5 == 0);
        PrepRun throttled = lakeml.prep().date(DAY).execute();
        int faults = proxy.injected();
        proxy.failing(FaultProxy.NONE);

        assertThat(faults).as("requests answered 503 SlowDown during the prep").isGreaterThan(5);
        assertThat(throttled.rowsRead()).isEqualTo(900).isEqualTo(throttled.rowsAccepted() + throttled.rowsQuarantined());
        assertThat(rows(spark)).isEqualTo(throttled.rowsAccepted());

        proxy.failing((method, target, n) -> method.equals("PUT") && PREPARED_COMMIT.matcher(target).matches());
        assertThatThrownBy(() -> lakeml.prep().date(NEXT).execute())
            .satisfies(e -> assertThat(LakemlException.categoryOf(e)).as(String.valueOf(e)).isEqualTo(ErrorCategory.EXTERNAL));
        assertThat(proxy.injected()).as("the commit was refused").isGreaterThan(faults);
        proxy.failing(FaultProxy.NONE);

        assertThat(DeltaTables.latestVersion(spark, PREPARED)).contains(throttled.preparedVersion());
        assertThat(rows(spark)).as("nothing of the refused window").isEqualTo(throttled.rowsAccepted());
        // The refused commit's outcome is unknown to the writer (a lost answer looks the same), so
        // its data files stay, in no snapshot, until VACUUM: readers never see them.
        Set<String> visible = snapshotFiles(spark);
        assertThat(visible).isNotEmpty().allMatch(f -> f.contains("=" + DAY + "/"));
        assertThat(dataFiles(hadoop)).containsAll(visible)
            .allMatch(f -> visible.contains(f) || f.contains("=" + NEXT + "/"));
        assertThat(spark.sql("SELECT status, error_category FROM delta.`" + ROOT + "/tables/runs` WHERE job = 'prep' "
            + "ORDER BY started_at").collectAsList()).extracting(r -> r.getString(0) + " " + r.getString(1))
            .containsExactly("SUCCEEDED null", "FAILED EXTERNAL");

        PrepRun rerun = lakeml.prep().date(NEXT).execute();
        assertThat(rerun.preparedVersion()).isEqualTo(throttled.preparedVersion() + 1);
        assertThat(rows(spark)).isEqualTo(throttled.rowsAccepted() + rerun.rowsAccepted());
      } finally {
        FileSystem.get(URI.create(ROOT), hadoop).close();
        s3a.keySet().forEach(hadoop::unset);
      }
    }
  }

  private static long rows(SparkSession spark) {
    return spark.read().format("delta").load(PREPARED).count();
  }

  /** Every Parquet file under the prepared table, as object names. */
  private static Set<String> dataFiles(Configuration hadoop) throws Exception {
    Set<String> files = new HashSet<>();
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(PREPARED);
    RemoteIterator<LocatedFileStatus> all = FileSystem.get(table.toUri(), hadoop).listFiles(table, true);
    while (all.hasNext()) {
      String name = all.next().getPath().toString();
      if (name.endsWith(".parquet") && !name.contains("/_delta_log/")) {
        files.add(name);
      }
    }
    return files;
  }

  private static Set<String> snapshotFiles(SparkSession spark) {
    Set<String> files = new HashSet<>();
    for (String f : spark.read().format("delta").load(PREPARED).inputFiles()) {
      files.add(new org.apache.hadoop.fs.Path(f).toString());
    }
    return files;
  }

  /**
   * S3A pointed at the proxy; few retries with short waits, so that a refused commit fails within
   * seconds (production keeps S3A's defaults).
   */
  private Map<String, String> s3aSettings(S3Server s3, FaultProxy proxy) throws Exception {
    Map<String, String> settings = s3.clientSettings(home.resolve("s3.jceks"), proxy.endpoint());
    settings.put("fs.s3a.attempts.maximum", "2");
    settings.put("fs.s3a.retry.limit", "3");
    settings.put("fs.s3a.retry.interval", "50ms");
    settings.put("fs.s3a.retry.throttle.limit", "4");
    settings.put("fs.s3a.retry.throttle.interval", "50ms");
    return settings;
  }
}
