package io.lakeml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in-process, on the shared test Spark session. */
class CliTest {
  @TempDir Path home;
  final CliRun cli = new CliRun();
  final StringWriter out = cli.out;
  final StringWriter err = cli.err;
  Path conf;

  @BeforeEach
  void setUp() {
    SparkTestSession.get();
    System.setProperty("lakeml.home", home.toString());
    conf = TestConfigs.write(home, "conf/test.conf", "lakeml.lakehouse.root = lakehouse\n");
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("lakeml.home");
  }

  int run(String... args) {
    return cli.run(args);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("prep", "train", "evaluate", "score", "monitor", "registry", "runs", "requests", "sql", "generate",
            "demo")
        .contains("Exit codes");
  }

  @Test
  void everyCommandHasHelp() {
    for (String c : new String[] {"prep", "train", "evaluate", "score", "monitor", "registry", "runs", "requests", "sql",
        "generate", "demo"}) {
      assertThat(run(c, "--help")).as(c).isZero();
    }
  }

  @Test
  void aRetrainingRequestIsListedAndClosedWithItsReason() {
    io.lakeml.config.LakemlConfig config = io.lakeml.config.ConfigLoader.create(new io.lakeml.config.LakemlHome(home))
        .file(conf).load();
    String id = io.lakeml.internal.monitoring.RetrainRequests.open(io.lakeml.testing.SparkTestSession.get(),
        io.lakeml.internal.lakehouse.Lakehouse.of(config), new io.lakeml.internal.monitoring.RetrainRequests.Opening("flights",
            java.time.LocalDate.of(2001, 6, 29), "auc-drop", "champion", "flights", 1, "auc dropped"), 120, "test")
        .orElseThrow();
    io.lakeml.internal.lakehouse.Lakehouse lakehouse = io.lakeml.internal.lakehouse.Lakehouse.of(config);
    assertThat(io.lakeml.internal.monitoring.RetrainRequests.openOf(SparkTestSession.get(), lakehouse, "flights")).contains(id);
    assertThat(run("requests", "list", "--conf", conf.toString(), "--format", "csv")).isZero();
    assertThat(out.toString()).contains(id + ",flights,open,auc-drop,2001-06-29,2001-03-02,2001-06-29");
    assertThat(run("requests", "close", "--conf", conf.toString(), "--request", id, "--status", "rejected",
        "--reason", "ana: the summer schedule, retrain in September")).isZero();
    assertThat(run("requests", "list", "--conf", conf.toString(), "--format", "csv")).isZero();
    assertThat(out.toString()).contains(id + ",flights,rejected");
    assertThat(io.lakeml.internal.monitoring.RetrainRequests.openOf(SparkTestSession.get(), lakehouse, "flights")).isEmpty();
    Path flights = TestConfigs.write(home, "conf/flights.conf", "include file(\""
        + TestConfigs.projectRoot().resolve("conf/datasets/flights.conf") + "\")\nlakeml.lakehouse.root = lakehouse\n");
    assertThat(run("train", "--conf", flights.toString(), "--request", "next")).as("nothing to do").isEqualTo(4);
    assertThat(out.toString()).contains("No open retraining request for flights: nothing to train.");
    assertThat(run("requests", "close", "--conf", conf.toString(), "--request", "nosuch", "--status", "done",
        "--reason", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("No retraining request nosuch");
  }

  @Test
  void anAlertFromOutsideIsRecordedWithItsDateAndSubject() {
    assertThat(run("alerts", "record", "--conf", conf.toString(), "--kind", "task-failed", "--subject",
        "lakeml_daily.score", "--date", "2001-05-02", "--message", "Airflow task lakeml_daily.score failed")).isZero();
    assertThat(run("sql", "--conf", conf.toString(), "--format", "csv",
        "SELECT job, severity, kind, subject, alert_date, message FROM alerts")).isZero();
    assertThat(out.toString()).contains(
        "airflow,critical,task-failed,lakeml_daily.score,2001-05-02,Airflow task lakeml_daily.score failed");
    assertThat(run("alerts", "record", "--conf", conf.toString(), "--kind", "k", "--subject", "s", "--message", " "))
        .isEqualTo(2);
  }

  @Test
  void sqlRunsAQueryAndPrintsATable() {
    assertThat(run("sql", "--conf", conf.toString(), "SELECT 1 AS one, 'a,b' AS two")).isZero();
    assertThat(out.toString()).contains("| one | two |").contains("| 1   | a,b |").contains("1 row");
  }

  @Test
  void sqlFormatsCsvAndJson() {
    assertThat(run("sql", "--conf", conf.toString(), "--format", "csv", "SELECT 1 AS one, 'a,b' AS two")).isZero();
    assertThat(out.toString()).contains("one,two\n1,\"a,b\"");
    assertThat(run("sql", "--conf", conf.toString(), "--format", "json", "SELECT 1 AS one")).isZero();
    assertThat(out.toString()).contains("{\"one\":1}");
  }

  @Test
  void badQueryIsAUserError() {
    assertThat(run("sql", "--conf", conf.toString(), "SELECT * FROM no_such_table")).isEqualTo(2);
    assertThat(err.toString()).contains("ERROR [USER] The query cannot run").contains("no_such_table");
  }

  @Test
  void generateIsRecordedAndListedAndShown() {
    String target = home.resolve("synthetic").toString();
    assertThat(run("generate", "--conf", conf.toString(), "--rows", "500", "--out", target)).isZero();
    assertThat(run("runs", "list", "--conf", conf.toString(), "--format", "csv")).isZero();
    String listed = out.toString();
    assertThat(listed).contains("generate,SUCCEEDED");
    String runId = listed.substring(listed.indexOf("generate-"), listed.indexOf(",generate,"));

    assertThat(run("runs", "show", "--conf", conf.toString(), runId)).isZero();
    assertThat(out.toString()).contains("\"run_id\":\"" + runId + "\"").contains("\"config_sha256\"");
  }

  @Test
  void unknownRunIsAUserError() {
    assertThat(run("runs", "show", "--conf", conf.toString(), "nope")).isEqualTo(2);
    assertThat(err.toString()).contains("Run 'nope' is not in the runs table");
  }

  @Test
  void unknownConfigKeyExitsWithTheUserCode() {
    assertThat(run("sql", "--conf", conf.toString(), "--set", "lakeml.spark.shuffle-partition=4", "SELECT 1")).isEqualTo(2);
    assertThat(err.toString())
        .contains("ERROR [USER] Unknown config key 'lakeml.spark.shuffle-partition'")
        .contains("did you mean 'lakeml.spark.shuffle-partitions'");
  }

  @Test
  void badConfigValueExitsWithTheUserCode() {
    assertThat(run("sql", "--conf", conf.toString(), "--set", "lakeml.spark.shuffle-partitions=-1", "SELECT 1")).isEqualTo(2);
    assertThat(err.toString()).contains("Cannot set lakeml.spark.shuffle-partitions to -1: must be >= 1");
  }

  @Test
  void missingConfigFileExitsWithTheUserCode() {
    assertThat(run("sql", "--conf", home.resolve("missing.conf").toString(), "SELECT 1")).isEqualTo(2);
    assertThat(err.toString()).contains("missing.conf does not exist");
  }

  @Test
  void scoreNeedsADateAndAProductionModel() {
    assertThat(run("score", "--conf", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("scoring needs --date D or --from D1 --to D2");
    String dataset = TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    Path withDataset = TestConfigs.write(home, "conf/flights.conf",
        "include file(\"" + dataset + "\")\nlakeml.lakehouse.root = lakehouse\n");
    assertThat(run("score", "--date", "2001-05-01", "--conf", withDataset.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("has no production version to score with");
  }

  @Test
  void unknownOptionIsAUserError() {
    assertThat(run("sql", "--no-such-option", "SELECT 1")).isEqualTo(2);
  }

  @Test
  void registryCommandsAnswerOnAnEmptyRegistry() {
    assertThat(run("registry", "list", "--conf", conf.toString())).isZero();
    assertThat(out.toString()).contains("0 rows");
    assertThat(run("registry", "promote", "--model-version", "7", "--to", "production", "--model", "m", "--conf", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Model m has no version 7");
    assertThat(run("registry", "promote", "--model-version", "7", "--to", "nowhere", "--model", "m", "--conf", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Cannot set --to to 'nowhere'");
    assertThat(run("registry", "rollback", "--reason", "r", "--model", "m", "--conf", conf.toString())).isEqualTo(2);
    assertThat(run("registry", "rollout", "--halt", "--model", "m", "--conf", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("halting a rollout needs a reason");
    assertThat(run("registry", "rollout", "--halt", "--reason", "r", "--model", "m", "--conf", conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Model m has no active rollout to halt");
    assertThat(run("registry", "rollout", "--model-version", "7", "--reason", "r", "--model", "m", "--conf",
        conf.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("starting a rollout needs --model-version N and --steps P1,P2,..");
  }
}
