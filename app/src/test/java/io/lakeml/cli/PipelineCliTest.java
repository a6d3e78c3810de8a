package io.lakeml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlHome;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.testing.PreparedTables;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model lifecycle from the command line: train -> evaluate -> promote (approved) -> a second
 * model -> evaluate against production -> promote -> rollback.
 */
class PipelineCliTest {
  @TempDir Path home;
  final CliRun cli = new CliRun();
  final StringWriter out = cli.out;
  final StringWriter err = cli.err;

  int run(String... args) {
    return cli.run(args);
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("lakeml.home");
  }

  @Test
  void trainEvaluatePromoteSecondModelPromoteRollback() {
    System.setProperty("lakeml.home", home.toString());
    String dataset = TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    String conf = TestConfigs.write(home, "conf/test.conf", "include file(\"" + dataset + "\")\n"
        + "lakeml.lakehouse.root = lakehouse\n"
        + "lakeml.train.network { hidden = [16], batch-size = 64, epochs = 2, learning-rate = 0.01 }\n"
        + "lakeml.evaluate.gate.binary.min.auc = 0.55\n"
        + "lakeml.evaluate.baseline.models = []\n").toString(); // baselines: EvaluateJobTest, DatasetZooTest
    PreparedTables.write(SparkTestSession.get(), ConfigLoader.create(new LakemlHome(home)).file(Path.of(conf)).load(),
        SyntheticSpec.clean(3_000, 3).withWindow(java.time.LocalDate.of(2001, 1, 1), 30));

    assertThat(run("train", "--conf", conf)).as(err.toString()).isZero();
    assertThat(run("evaluate", "--conf", conf)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Evaluation of flights version 1 (binary): PASSED (now staging)");
    assertThat(run("registry", "promote", "--model-version", "1", "--to", "production", "--approved-by", "alice", "--reason", "first",
        "--conf", conf)).as(err.toString()).isZero();
    assertThat(run("train", "--conf", conf)).isZero();
    assertThat(out.toString()).contains("Trained flights version 2");
    assertThat(run("evaluate", "--conf", conf)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("compared with production version 1");
    assertThat(run("registry", "promote", "--model-version", "2", "--to", "production", "--approved-by", "bob", "--reason", "second",
        "--conf", conf)).isZero();

    assertThat(run("registry", "rollback", "--reason", "second is worse", "--conf", conf)).isZero();

    assertThat(out.toString()).contains("flights version 1 is production again");
    assertThat(run("registry", "history", "--conf", conf)).isZero();
    assertThat(out.toString()).contains("rollback", "evaluation passed", "alice");
    assertThat(run("sql", "--conf", conf, "SELECT version, stage FROM model_versions ORDER BY version")).isZero();
    assertThat(out.toString()).contains("| 1       | production |").contains("| 2       | archived   |");
  }
}
