package io.lakeml.internal.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLedgerTest {
  @TempDir Path home;
  final SparkSession spark = SparkTestSession.get();

  @Test
  void succeededRunRecordsItsLineage() {
    LakemlConfig config = TestConfigs.flights(home);

    RunManifest m =
        JobLauncher.run("test-job", config, spark, (s, c, run) -> {
          run.input(DataRef.files("source", "file:/raw", "2 files"));
          run.output(DataRef.delta("prepared_flights", "file:/t", 3L, "abc"));
          run.metric("rows_read", 42);
        });

    Row row = ledger(config).read().where("run_id = '" + m.runId() + "'").first();
    assertThat(row.<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertThat(row.<String>getAs("job")).isEqualTo("test-job");
    assertThat(row.<String>getAs("config_sha256")).isEqualTo(config.resolved().sha256()).hasSize(64);
    assertThat(row.<String>getAs("config")).contains("flights");
    assertThat(row.<String>getAs("git_commit")).isNotBlank();
    assertThat(row.<String>getAs("spark_app_id")).isEqualTo(spark.sparkContext().applicationId());
    assertThat(row.getJavaMap(row.fieldIndex("metrics"))).containsEntry("rows_read", "42");
    List<Row> outputs = row.getList(row.fieldIndex("outputs"));
    assertThat(outputs.get(0).<Long>getAs("delta_version")).isEqualTo(3L);
    assertThat(row.<Double>getAs("duration_s")).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void failedRunIsRecordedAsFailedWithItsCategory() {
    LakemlConfig config = TestConfigs.flights(home);

    assertThatThrownBy(() ->
            JobLauncher.run("test-job", config, spark, (s, c, run) -> {
              throw Errors.checksumMismatch("f", "a", "b");
            }))
        .hasMessageContaining("SHA-256");

    Row row = ledger(config).read().where("job = 'test-job'").first();
    assertThat(row.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(row.<String>getAs("error_category")).isEqualTo("DATA");
    assertThat(row.<String>getAs("error_message")).contains("SHA-256");
  }

  /**
   * A run whose driver died without recording its end (its marker names a process that has
   * exited) is recorded as FAILED by the next run, once; a marker of a live driver is left alone.
   */
  @Test
  void aRunWhoseDriverIsGoneIsRecordedFailedByTheNextRun() throws Exception {
    LakemlConfig config = TestConfigs.flights(home);
    Lakehouse lakehouse = Lakehouse.of(config);
    OpenRuns open = new OpenRuns(spark, lakehouse);
    RunTracker alive = RunTracker.start("score", config);
    open.opened(alive);
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    RunTracker killed = RunTracker.start("train", config);
    open.opened(killed);
    Path marker = Path.of(java.net.URI.create(lakehouse.root() + "/runs-open/" + killed.runId() + ".json"));
    java.nio.file.Files.writeString(marker, java.nio.file.Files.readString(marker)
        .replace("\"driver.pid\":\"" + ProcessHandle.current().pid() + "\"", "\"driver.pid\":\"" + exited.pid() + "\""));
    java.nio.file.Files.delete(marker.resolveSibling("." + marker.getFileName() + ".crc")); // Hadoop's checksum of the old text

    RunManifest next = JobLauncher.run("prep", config, spark, (s, c, run) -> {});

    List<Row> rows = ledger(config).read().where("job = 'train'").collectAsList();
    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.<String>getAs("run_id")).isEqualTo(killed.runId());
    assertThat(row.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(row.<String>getAs("error_category")).isEqualTo("EXTERNAL");
    assertThat(row.<String>getAs("error_message")).contains("ended without recording its end", "pid " + exited.pid(),
        next.runId());
    assertThat(row.<String>getAs("config_sha256")).isEqualTo(config.resolved().sha256());
    assertThat(row.<java.sql.Timestamp>getAs("started_at").toInstant())
        .isEqualTo(killed.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(java.nio.file.Files.exists(marker)).as("the dead run's marker").isFalse();
    assertThat(ledger(config).read().where("job = 'score'").count()).as("a live driver's run").isZero();
    assertThat(open.recordDead(ledger(config), "again")).as("a second look").isEmpty();
    assertThat(ledger(config).read().count()).as("the prep run and the dead train run").isEqualTo(2);
  }

  private RunLedger ledger(LakemlConfig config) {
    return new RunLedger(spark, Lakehouse.of(config));
  }
}
