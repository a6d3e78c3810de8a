package io.lakeml.cli;

import static io.lakeml.cli.ShopData.SCORE_DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.model.ArtefactFiles;
import io.lakeml.internal.model.LoadedModel;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.ModelStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a job left in a lakehouse, as {@link FaultInjectionTest} compares it with a clean run: a
 * fingerprint of the job's own output (row counts per date, content sums, the model's parameters,
 * stages and audit events) and the checks that hold after any run, killed or not.
 */
final class Outcome {
  private final SparkSession spark;
  private final String job;
  private final Path lakehouse;

  private Outcome(SparkSession spark, String job, Path lakehouse) {
    this.spark = spark;
    this.job = job;
    this.lakehouse = lakehouse;
  }

  static Outcome of(SparkSession spark, String job, Path lakehouse) {
    return new Outcome(spark, job, lakehouse);
  }

  /** The job's output, in a form two equal results print alike. */
  String fingerprint() {
    return switch (job) {
      case "prep" -> "prepared " + perDate("prepared_shop") + "; quarantined " + perDate("quarantine_shop")
          + "; quality rows of the newest report " + one("SELECT count(*) FROM {t}/quality_shop WHERE run_id = "
          + "(SELECT max_by(run_id, recorded_at) FROM {t}/quality_shop)"); // a log of every run's checks, a killed run's too
      case "train" -> "newest version's parameters " + newestParameters() + "; every artefact verifies "
          + everyArtefactVerifies();
      case "evaluate" -> "stages " + stages() + "; evaluation rows of the newest version "
          + one("SELECT count(*) FROM {t}/evaluations WHERE version = (SELECT max(version) FROM {t}/model_versions)")
          + "; passed events " + one("SELECT count(*) FROM {t}/model_events WHERE event = 'evaluation passed'");
      case "promote" -> "stages " + stages() + "; production events "
          + one("SELECT count(*) FROM {t}/model_events WHERE to_stage = 'production'");
      case "score" -> "scored " + one("SELECT count(*) FROM {t}/scored_shop WHERE score_date = '" + SCORE_DAY + "'")
          + ", content " + one("SELECT sum(xxhash64(`order id`, round(score, 6), model_version, variant)) FROM "
          + "{t}/scored_shop WHERE score_date = '" + SCORE_DAY + "'");
      case "monitor" -> "metrics " + one("SELECT count(*) FROM {t}/monitoring_metrics WHERE date = '" + SCORE_DAY + "'")
          + ", content " + one("SELECT sum(xxhash64(variant, metric, coalesce(feature, ''), round(value, 6))) FROM "
          + "{t}/monitoring_metrics WHERE date = '" + SCORE_DAY + "'");
      default -> throw new IllegalArgumentException(job);
    };
  }

  /** At most one production version, and stages that agree with the audit (the registry checks). */
  void assertRegistryConsistent() {
    if (!Files.exists(table("model_versions").resolve("_delta_log"))) {
      return;
    }
    Map<Long, ModelStage> stages = registry().stages("shop"); // verifies the stages against the event log
    assertThat(stages.values().stream().filter(s -> s == ModelStage.PRODUCTION)).as("production versions").hasSizeLessThan(2);
  }

  /** The ledger rows of the job, oldest first. */
  List<Row> runs(String job) {
    if (!Files.exists(table("runs").resolve("_delta_log"))) {
      return List.of();
    }
    return spark.read().format("delta").load(table("runs").toString()).where("job = '" + job + "'")
        .orderBy("started_at").collectAsList();
  }

  /** The status of the run that was killed: the one of the job's runs that is not the rerun. */
  String killedRunStatus(String job, int runsBefore) {
    List<Row> runs = runs(job);
    Row killed = runs.get(runsBefore);
    Row rerun = runs.get(runsBefore + 1);
    assertThat(rerun.<String>getAs("status")).as("the rerun").isEqualTo("SUCCEEDED");
    String status = killed.getAs("status");
    if (status.equals("FAILED")) {
      assertThat(killed.<String>getAs("error_category")).isEqualTo("EXTERNAL");
      assertThat(killed.<String>getAs("error_message")).contains("ended without recording its end");
      return "marked FAILED (EXTERNAL) by the rerun";
    }
    return "SUCCEEDED (killed after its ledger commit)";
  }

  static void assertComplete(Row run) {
    for (String column : List.of("run_id", "job", "config_sha256", "config", "started_at", "ended_at", "status")) {
      assertThat(run.<Object>getAs(column)).as(column + " of run " + run.getAs("run_id")).isNotNull();
    }
  }

  /** Runs whose open-run marker is still there. */
  List<Path> openRuns() throws IOException {
    Path folder = lakehouse.resolve("runs-open");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> markers = Files.list(folder)) {
      return markers.toList();
    }
  }

  private String perDate(String table) {
    return spark.read().format("delta").load(table(table).toString()).groupBy("event_date").count().orderBy("event_date")
        .collectAsList().toString();
  }

  private long count(String table) {
    return spark.read().format("delta").load(table(table).toString()).count();
  }

  private Object one(String query) {
    String tables = java.util.regex.Matcher.quoteReplacement(lakehouse.resolve("tables").toString());
    return spark.sql(query.replaceAll("\\{t\\}/(\\w+)", "delta.`" + tables + "/$1`")).first().get(0);
  }

  private String stages() {
    return new java.util.TreeMap<>(registry().stages("shop")).toString();
  }

  private String newestParameters() {
    Row v = registry().versions().orderBy(org.apache.spark.sql.functions.col("version").desc()).first();
    LoadedModel model = LoadedModel.load(spark, v.getAs("artefact_uri"), v.getAs("artefact_sha256"));
    return Integer.toHexString(Arrays.hashCode(model.params())) + " (" + model.params().length + ")";
  }

  private boolean everyArtefactVerifies() {
    for (Row v : registry().versions().collectAsList()) {
      ArtefactFiles.verify(spark.sparkContext().hadoopConfiguration(), v.getAs("artefact_uri"), v.getAs("artefact_sha256"));
    }
    return true;
  }

  private ModelRegistry registry() {
    return new ModelRegistry(spark, new Lakehouse("file://" + lakehouse));
  }

  private Path table(String name) {
    return lakehouse.resolve("tables").resolve(name);
  }
}
