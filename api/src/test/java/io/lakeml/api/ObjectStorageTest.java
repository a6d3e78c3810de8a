package io.lakeml.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.SparkTestSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline through the Java API alone, on a table lakeml has never seen (see
 * {@link LoansDataset}), with the lakehouse in a bucket of a real S3 API (S3Proxy on 127.0.0.1)
 * through S3A, the keys only in a JCEKS credential store: prep -> train -> evaluate -> promote ->
 * score -> a second version promoted -> rollback -> score again -> reproduce, the source CSV read
 * from the bucket too. Afterwards every
 * artefact is downloaded and checked against the checksum the registry holds, nothing was written
 * outside the bucket, and the secret key appears in no stored object and no log line.
 */
class ObjectStorageTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
  private static final String ROOT = "s3a://lakeml/lakehouse";
  @TempDir Path home;

  @Test
  void theWholePipelineRunsWithItsLakehouseInABucket() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    LogCapture log = new LogCapture();
    log.start();
    try (S3Server s3 = S3Server.start(home.resolve("s3"))) {
      s3.bucket("lakeml");
      Map<String, String> s3a = s3.clientSettings(home.resolve("s3.jceks"), s3.endpoint());
      s3a.forEach(hadoop::set);
      try {
        FileSystem.get(URI.create(ROOT), hadoop).copyFromLocalFile(loansCsv(), new org.apache.hadoop.fs.Path(
            "s3a://lakeml/raw/loans.csv"));
        Lakeml lakeml = Lakeml.builder().home(home).configFile(loansConf()).set("lakeml.lakehouse.root", ROOT)
            .set("lakeml.evaluate.baseline.models", "[]").spark(spark).build();

        PrepRun prep = lakeml.prep().date(DAY).execute();
        TrainRun first = lakeml.train().execute();
        EvaluateRun evaluation = lakeml.evaluate().modelVersion(first.version()).execute();
        PromoteRun promoted = lakeml.promote(first.version()).approvedBy("ana").reason("first loans model").execute();
        ScoreRun scored = lakeml.score().date(DAY).execute();
        TrainRun second = lakeml.train().execute();
        lakeml.evaluate().modelVersion(second.version()).execute();
        lakeml.promote(second.version()).approvedBy("ana").reason("second loans model").execute();
        PromoteRun rolledBack = lakeml.rollback().reason("back to the first").execute();
        ScoreRun rescored = lakeml.score().date(DAY).execute();
        ReproduceRun reproduced = lakeml.reproduce(first.version()).execute();
        TuneRun tuned = Lakeml.builder().home(home).configFile(loansConf()).set("lakeml.lakehouse.root", ROOT)
            .set("lakeml.tune.trials", "2").set("lakeml.tune.space.hidden", "[[8], [16]]").spark(spark).build()
            .tune().execute();

        assertThat(tuned.trials()).isEqualTo(2);
        assertThat(tuned.configPath()).startsWith(ROOT + "/tuning/loans/");
        assertThat(FileSystem.get(URI.create(ROOT), hadoop).exists(new org.apache.hadoop.fs.Path(tuned.configPath())))
            .as("the tuned config is in the bucket").isTrue();
        assertThat(spark.read().format("delta").load(ROOT + "/tables/tuning_trials").count()).isEqualTo(2);
        assertThat(prep.rowsRead()).isEqualTo(900).isEqualTo(prep.rowsAccepted() + prep.rowsQuarantined());
        assertThat(prep.rowsQuarantined()).isEqualTo(1);
        assertThat(prep.reasons()).containsOnlyKeys("OUT_OF_RANGE");
        assertThat(first.modelName()).isEqualTo("loans");
        assertThat(first.dataVersion()).isEqualTo(prep.preparedVersion());
        assertThat(evaluation.passed()).isTrue();
        assertThat(evaluation.stage()).isEqualTo("staging");
        assertThat(evaluation.metrics().get("auc")).isGreaterThan(0.75);
        assertThat(promoted.stage()).isEqualTo("production");
        assertThat(scored.dates()).singleElement().satisfies(d -> assertThat(d.modelVersion()).isEqualTo(first.version()));
        assertThat(reproduced.differences()).as("a production version rebuilt bit for bit").isEmpty();
        assertThat(reproduced.identical()).isTrue();
        assertThat(java.util.Set.of(prep.runId(), first.runId(), evaluation.runId(), promoted.runId(),
            scored.dates().get(0).runId(), rolledBack.runId())).hasSize(6);
        assertThat(rolledBack.version()).isEqualTo(first.version());
        assertThat(rescored.dates()).singleElement().satisfies(d -> {
          assertThat(d.modelVersion()).isEqualTo(first.version());
          assertThat(d.rowsRead()).isEqualTo(d.rowsScored() + d.rowsQuarantined()).isEqualTo(900);
        });
        String scoredTable = "delta.`" + ROOT + "/tables/scored_loans`";
        assertThat(spark.sql("SELECT count(*), count(DISTINCT row_id), max(model_version) FROM " + scoredTable
            + " WHERE score_date = DATE'" + DAY + "'").first())
            .satisfies(r -> assertThat(List.of(r.getLong(0), r.getLong(1), r.getLong(2)))
                .isEqualTo(List.of(rescored.dates().get(0).rowsScored(), rescored.dates().get(0).rowsScored(),
                    first.version())));
        assertThat(spark.sql("SELECT stage FROM delta.`" + ROOT + "/tables/model_versions` ORDER BY version")
            .collectAsList().stream().map(r -> r.getString(0)).toList()).containsExactly("production", "archived");

        List<Row> artefacts = spark.sql("SELECT artefact_uri, artefact_sha256 FROM delta.`" + ROOT
            + "/tables/model_versions` ORDER BY version").collectAsList();
        assertThat(artefacts).hasSize(2);
        for (Row artefact : artefacts) {
          assertThat(artefact.getString(0)).startsWith(ROOT + "/models/");
          assertDownloadMatchesChecksum(hadoop, artefact.getString(0), artefact.getString(1));
        }
        assertThat(home.resolve("lakehouse")).as("nothing of the lakehouse outside the bucket").doesNotExist();
        assertSecretNowhere(s3.secretKey(), FileSystem.get(URI.create(ROOT), hadoop), log.text());
      } finally {
        FileSystem.get(URI.create(ROOT), hadoop).close();
        s3a.keySet().forEach(hadoop::unset);
      }
    }
  }

  /** The artefact downloaded from the bucket: its manifest hashes to the registered checksum, every file to its line. */
  private void assertDownloadMatchesChecksum(Configuration hadoop, String uri, String checksum) throws Exception {
    Path local = home.resolve("download").resolve(uri.substring(uri.lastIndexOf('/') + 1));
    org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(uri);
    FileSystem.get(remote.toUri(), hadoop).copyToLocalFile(false, remote,
        new org.apache.hadoop.fs.Path(local.toUri()), true);
    byte[] manifest = Files.readAllBytes(local.resolve("MANIFEST.sha256"));
    assertThat(sha256(manifest)).as("manifest of %s", uri).isEqualTo(checksum);
    List<String> lines = new String(manifest, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      String[] parts = line.split(" {2}", 2);
      assertThat(sha256(Files.readAllBytes(local.resolve(parts[1])))).as("%s in %s", parts[1], uri).isEqualTo(parts[0]);
    }
  }

  /** Reads back every object in the bucket through S3A and every captured log line: no secret key in any. */
  private static void assertSecretNowhere(String secret, FileSystem bucket, String logText) throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    long searched = 0;
    org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> objects =
        bucket.listFiles(new org.apache.hadoop.fs.Path("s3a://lakeml/"), true);
    while (objects.hasNext()) {
      org.apache.hadoop.fs.Path object = objects.next().getPath();
      try (java.io.InputStream in = bucket.open(object)) {
        assertThat(Secrets.indexOf(in.readAllBytes(), needle)).as("the secret key in %s", object).isEqualTo(-1);
      }
      searched++;
    }
    assertThat(searched).as("objects searched").isGreaterThan(50);
    assertThat(logText).as("log lines").contains("scored_loans").doesNotContain(secret);
  }


  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private org.apache.hadoop.fs.Path loansCsv() throws IOException {
    return new org.apache.hadoop.fs.Path(LoansDataset.csv(home.resolve("loans.csv")).toUri());
  }

  private Path loansConf() throws IOException {
    return LoansDataset.conf(home, "s3a://lakeml/raw/loans.csv");
  }
}
