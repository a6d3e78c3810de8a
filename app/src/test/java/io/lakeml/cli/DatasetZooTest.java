package io.lakeml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets of every shape lakeml promises to take by configuration alone, each run through prep ->
 * train -> evaluate -> promote -> score from the command line, as a user would, with the example
 * configs shipped in {@code conf/datasets/} (public data fetched from the sample data package like
 * the flights sample) and synthetic tables for the shapes no public file has: about 150 rows with
 * a nullable event time, and 200 features.
 */
class DatasetZooTest {
  /** For the datasets whose test looks at the candidate only (penguins and gapminder check the baselines). */
  static final String NO_BASELINES = "lakeml.evaluate.baseline.models = []\n";

  @TempDir Path home;
  final CliRun cli = new CliRun();
  final StringWriter out = cli.out;
  final StringWriter err = cli.err;
  final SparkSession spark = SparkTestSession.get();

  @BeforeEach
  void shareTheDataFolder() throws Exception {
    System.setProperty("lakeml.home", home.toString());
    Path data = TestConfigs.projectRoot().resolve("data");
    Files.createDirectories(data);
    Files.createSymbolicLink(home.resolve("data"), data); // public files are fetched once, as bin/lakeml keeps them
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("lakeml.home");
  }

  int run(String... args) {
    return cli.run(args);
  }

  /** A config that includes the dataset file (a path under the repository, or one written by the test). */
  String conf(Path dataset, String extra) {
    return TestConfigs.write(home, "conf/zoo.conf", "include file(\"" + dataset + "\")\n"
        + "lakeml.lakehouse.root = lakehouse\n"
        + "lakeml.train.network { hidden = [32], epochs = 12, patience = 3, learning-rate = 0.01 }\n" + extra).toString();
  }

  Path example(String name) {
    return TestConfigs.projectRoot().resolve("conf/datasets/" + name + ".conf");
  }

  /** prep one date, train, evaluate (the gate passes), promote, score one date: each exits 0. */
  void pipeline(String conf, String prepDate, String scoreDate) {
    pipeline(conf, List.of("--date", prepDate), scoreDate);
  }

  /** The same, prep given these window options (none: every date of the source). */
  void pipeline(String conf, List<String> prepWindow, String scoreDate, String... trainOptions) {
    List<String> prep = new java.util.ArrayList<>(List.of("prep", "--conf", conf));
    prep.addAll(prepWindow);
    assertThat(run(prep.toArray(String[]::new))).as(err.toString()).isZero();
    List<String> train = new java.util.ArrayList<>(List.of("train", "--conf", conf));
    train.addAll(List.of(trainOptions));
    assertThat(run(train.toArray(String[]::new))).as(err.toString()).isZero();
    assertThat(run("evaluate", "--conf", conf)).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("PASSED (now staging)");
    assertThat(run("registry", "promote", "--model-version", "1", "--to", "production", "--approved-by", "zoo", "--reason", "test",
        "--conf", conf)).as(err.toString()).isZero();
    assertThat(run("score", "--date", scoreDate, "--conf", conf)).as(out + "\n" + err).isZero();
  }

  List<Row> sql(String conf, String query) {
    return spark.sql(query.replace("{root}", home.resolve("lakehouse/tables").toUri().toString())).collectAsList();
  }

  @Test
  void penguinsMulticlassTextLabelNamesWithSpacesNoDate() {
    String conf = conf(example("penguins"), "");
    pipeline(conf, "2026-01-15", "2026-01-16");
    assertThat(out.toString()).contains("Evaluation of penguins version 1 (multiclass)");
    String scored = "delta.`{root}/scored_penguins`";
    List<Row> rows = sql(conf, "SELECT count(*), count(DISTINCT predicted_class), min(score), max(size(probabilities)), "
        + "min(`Beak Length (mm)`), first(score_date) FROM " + scored);
    assertThat(rows.get(0).getLong(0)).isBetween(330L, 344L); // every penguin but the quarantined
    assertThat(rows.get(0).getLong(1)).isEqualTo(3);
    assertThat(rows.get(0).getDouble(2)).isBetween(1 / 3.0, 1.0);
    assertThat(rows.get(0).getInt(3)).isEqualTo(3);
    assertThat(rows.get(0).get(5).toString()).isEqualTo("2026-01-16"); // no event time: the processing date
    List<Row> accuracy = sql(conf, "SELECT value FROM delta.`{root}/evaluations` WHERE kind = 'metric' AND metric = 'accuracy'");
    assertThat(accuracy.get(0).getDouble(0)).as("test accuracy").isGreaterThan(0.9);
    // Baselines fitted beside it on the same training part, measured on the same rows, with the lift.
    List<Row> baselines = sql(conf, "SELECT slice, value FROM delta.`{root}/evaluations` WHERE kind = 'baseline' AND "
        + "metric = 'accuracy' ORDER BY slice");
    assertThat(baselines).extracting(r -> r.getString(0)).containsExactly("linear", "trees");
    assertThat(baselines).allSatisfy(r -> assertThat(r.getDouble(1)).as("a baseline's accuracy").isGreaterThan(0.8));
    List<Row> lift = sql(conf, "SELECT l.value, m.value - b.value FROM delta.`{root}/evaluations` l JOIN "
        + "delta.`{root}/evaluations` m ON m.kind = 'metric' AND m.metric = 'log_loss' JOIN delta.`{root}/evaluations` b "
        + "ON b.kind = 'baseline' AND b.slice = 'trees' AND b.metric = 'log_loss' WHERE l.kind = 'baseline_lift' "
        + "AND l.slice = 'trees' AND l.metric = 'log_loss'");
    assertThat(lift.get(0).getDouble(0)).as("lower-is-better lift: baseline minus candidate").isEqualTo(-lift.get(0).getDouble(1));
    assertThat(out.toString()).contains("baseline trees").contains("baseline linear");
    List<Row> prepared = sql(conf, "SELECT count(*), first(event_date) FROM delta.`{root}/prepared_penguins`");
    assertThat(prepared.get(0).get(1).toString()).isEqualTo("2026-01-15");
    // A second version as challenger: both predict every row, each variant its share, by a stable hash.
    assertThat(run("train", "--conf", conf, "--set", "lakeml.train.network.seed=7")).as(err.toString()).isZero();
    assertThat(run("evaluate", "--conf", conf, "--set", "lakeml.evaluate.baseline.models=[]", // checked above
        "--set", "lakeml.evaluate.gate.multiclass.max-worsening.accuracy=1",
        "--set", "lakeml.evaluate.gate.multiclass.max-worsening.log_loss=10")).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("compared with production version 1");
    assertThat(run("score", "--date", "2026-01-16", "--conf", conf, "--set", "lakeml.score.challenger.version=2",
        "--set", "lakeml.score.challenger.traffic-percent=50")).as(err.toString()).isZero();
    List<Row> variants = sql(conf, "SELECT variant, min(model_version), count(*), count(other_predicted_class), "
        + "min(other_score), max(size(probabilities)) FROM " + scored + " GROUP BY variant ORDER BY variant");
    assertThat(variants).hasSize(2);
    assertThat(variants.get(0).getString(0)).isEqualTo("challenger");
    assertThat(variants.get(0).getLong(1)).isEqualTo(2);
    assertThat(variants.get(1).getLong(1)).isEqualTo(1);
    for (Row v : variants) {
      assertThat(v.getLong(3)).as("the other model's class for every row").isEqualTo(v.getLong(2));
      assertThat(v.getDouble(4)).isGreaterThan(0);
    }
    // Monitoring of a multiclass model on a date without event time: realized accuracy per variant
    // from the labels in the source, input drift of a feature whose name has spaces.
    assertThat(run("monitor", "--date", "2026-01-16", "--conf", conf)).as(out + "\n" + err).isZero();
    List<Row> monitored = sql(conf, "SELECT variant, metric, feature FROM delta.`{root}/monitoring_metrics`");
    assertThat(monitored).anyMatch(r -> r.getString(0).equals("champion") && r.getString(1).equals("accuracy"))
        .anyMatch(r -> r.getString(0).equals("challenger") && r.getString(1).equals("accuracy"))
        .anyMatch(r -> "Beak Length (mm)".equals(r.getString(2)));
    // Every table a job owns exists after its first run, empty when it had nothing to write.
    for (String table : List.of("prepared_penguins", "quarantine_penguins", "quality_penguins", "baseline_penguins",
        "model_versions", "model_events", "evaluations", "canaries", "scored_penguins", "quarantine_scoring_penguins",
        "monitoring", "alerts", "runs", "quality_history", "reference_distributions")) {
      assertThat(sql(conf, "SELECT count(*) FROM delta.`{root}/" + table + "`")).as(table).hasSize(1);
    }
  }

  @Test
  void gapminderRegressionSmallTableWithAKeyAndACountryEmbedding() {
    String conf = conf(example("gapminder"), "");
    // The embedding comes in as lakeml tune writes a best trial: a tuned config for train --tuned.
    Path tuned = TestConfigs.write(home, "conf/tuned.conf", "# the best trial\n"
        + "lakeml.train.network { hidden = [24], embeddings { country = 4, cluster = 0 } }\n");
    pipeline(conf, List.of("--date", "2026-01-15"), "2026-01-15", "--tuned", tuned.toString());
    String compiled = "SELECT country, year, prediction FROM delta.`{root}/scored_gapminder` ORDER BY country, year";
    List<Row> byLakeml = sql(conf, compiled);
    assertThat(run("score", "--date", "2026-01-15", "--conf", conf, "--set", "lakeml.score.network=dl4j",
        "--set", "lakeml.score.features=pipeline")).as(err.toString()).isZero();
    List<Row> byDl4j = sql(conf, compiled);
    assertThat(byDl4j).hasSize(682);
    for (int i = 0; i < byDl4j.size(); i++) {
      assertThat(byLakeml.get(i).getDouble(2)).as("the embedding scored by lakeml's path and by DL4J: " + byDl4j.get(i))
          .isCloseTo(byDl4j.get(i).getDouble(2), within(1e-4));
    }
    com.typesafe.config.Config trained = com.typesafe.config.ConfigFactory.parseString(
        sql(conf, "SELECT training_config FROM delta.`{root}/model_versions`").get(0).getString(0));
    assertThat(trained.getInt("lakeml.train.network.embeddings.country")).isEqualTo(4);
    assertThat(trained.getIntList("lakeml.train.network.hidden")).as("the tuned network, not the conf's [32]").containsExactly(24);
    assertThat(sql(conf, "SELECT metrics['tuned_config'] FROM delta.`{root}/runs` WHERE job = 'train'").get(0).getString(0))
        .isEqualTo(tuned.toString());
    assertThat(out.toString()).contains("(regression): PASSED");
    List<Row> baselines = sql(conf, "SELECT slice, value FROM delta.`{root}/evaluations` WHERE kind = 'baseline' AND "
        + "metric = 'r2' ORDER BY slice");
    assertThat(baselines).extracting(r -> r.getString(0)).containsExactly("linear", "trees");
    assertThat(baselines.get(1).getDouble(1)).as("trees explain life expectancy").isGreaterThan(0.5);
    assertThat(run("monitor", "--date", "2026-01-15", "--conf", conf)).as(out + "\n" + err).isZero();
    assertThat(sql(conf, "SELECT metric FROM delta.`{root}/monitoring_metrics` WHERE variant = 'champion'"))
        .extracting(r -> r.getString(0)).as("realized error of a regression").contains("rmse", "mae");
    List<Row> rows = sql(conf, "SELECT count(*), avg(abs(prediction - life_expect)), min(prediction), max(prediction) "
        + "FROM delta.`{root}/scored_gapminder` s JOIN json.`" + home.resolve("data/gapminder.json").toUri()
        + "` g ON s.country = g.country AND s.year = g.year");
    assertThat(rows.get(0).getLong(0)).isEqualTo(682);
    assertThat(rows.get(0).getDouble(1)).as("mean absolute error in years").isLessThan(6.0);
    assertThat(rows.get(0).getDouble(2)).isGreaterThan(15.0);
    assertThat(rows.get(0).getDouble(3)).isLessThan(100.0);
  }

  @Test
  void weatherMulticlassCsvWithDatesScoresALaterDay() {
    String conf = conf(example("weather"), NO_BASELINES);
    // The last half of the three training years: two rows a day make a file a day, and 1,461 of
    // them are a minute of writing and reading for nothing this test looks at.
    pipeline(conf, List.of("--from", "2014-07-01", "--to", "2014-12-31"), "2015-06-01");
    List<Row> rows = sql(conf, "SELECT count(*), count(DISTINCT location), first(score_date) FROM delta.`{root}/scored_weather`");
    assertThat(rows.get(0).getLong(0)).isEqualTo(2); // Seattle and New York on that day
    assertThat(rows.get(0).get(2).toString()).isEqualTo("2015-06-01");
  }

  @Test
  void tinyTableWithANullableEventTimeAndNonAsciiNames() {
    Path source = home.resolve("tiny");
    spark.range(150).selectExpr(
            "CASE WHEN id % 50 = 7 THEN NULL ELSE timestamp'2024-03-01 08:00:00' + make_interval(0, 0, 0, CAST(id % 10 AS INT)) END AS `event time`",
            "round(10 + 20 * ((xxhash64(id, 1) & 1023) / 1023.0), 2) AS `Temp (°C)`",
            "element_at(array('north', 'south', 'east'), CAST(id % 3 AS INT) + 1) AS zone",
            "CAST(((xxhash64(id, 1) & 1023) > 512) != ((xxhash64(id, 2) & 1023) < 80) AS INT) AS y")
        .coalesce(1).write().option("header", "true").csv(source.toString());
    Path dataset = TestConfigs.write(home, "conf/tiny.conf", "lakeml.dataset {\n"
        + "  name = tiny\n"
        + "  source { path = \"" + source + "\", format = csv }\n"
        + "  event-time = \"event time\"\n"
        + "  max-rejected-fraction = 0.05\n"
        + "  columns = [\n"
        + "    { name = \"event time\", type = timestamp, nullable = true, role = time }\n"
        + "    { name = \"Temp (°C)\", type = double }\n"
        + "    { name = zone, type = string }\n"
        + "    { name = y, type = int, role = label }\n"
        + "  ]\n"
        + "  label { name = label, expr = \"`y` = 1\", kind = binary }\n"
        + "  features { numeric = [\"Temp (°C)\"], categorical = [zone] }\n"
        + "}\n");
    String conf = conf(dataset, NO_BASELINES);
    pipeline(conf, List.of(), "2024-03-05");
    List<Row> quarantined = sql(conf, "SELECT reason_code, count(*) FROM delta.`{root}/quarantine_tiny` GROUP BY 1");
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).getString(0)).isEqualTo("NO_EVENT_TIME");
    assertThat(quarantined.get(0).getLong(1)).isEqualTo(3);
    assertThat(sql(conf, "SELECT count(*) FROM delta.`{root}/prepared_tiny`").get(0).getLong(0)).isEqualTo(147);
    List<Row> scored = sql(conf, "SELECT count(*), min(threshold), max(threshold) FROM delta.`{root}/scored_tiny`");
    assertThat(scored.get(0).getLong(0)).isEqualTo(15); // the rows of 2024-03-05
    assertThat(scored.get(0).getDouble(1)).as("the version's own threshold, chosen on data").isEqualTo(scored.get(0).getDouble(2));
    List<Row> train = sql(conf, "SELECT metrics['workers'], metrics['batch_size'] FROM delta.`{root}/runs` WHERE job = 'train'");
    assertThat(train.get(0).getString(0)).as("a table this small trains on one worker").isEqualTo("1");
  }

  @Test
  void wideTableOfTwoHundredFeatures() {
    Path source = home.resolve("wide");
    StringBuilder columns = new StringBuilder();
    StringBuilder features = new StringBuilder();
    String[] select = new String[201];
    StringBuilder signal = new StringBuilder("0");
    for (int i = 0; i < 200; i++) {
      String name = String.format("f%03d", i);
      select[i] = "((xxhash64(id, " + i + ") & 65535) / 65535.0 - 0.5) AS " + name;
      columns.append("    { name = ").append(name).append(", type = double }\n");
      features.append(i == 0 ? "" : ", ").append(name);
      if (i < 10) {
        signal.append(" + ((xxhash64(id, ").append(i).append(") & 65535) / 65535.0 - 0.5)");
      }
    }
    select[200] = "CAST(" + signal + " + ((xxhash64(id, 999) & 65535) / 65535.0 - 0.5) * 0.5 > 0 AS INT) AS target";
    spark.range(2_000).selectExpr(select).coalesce(1).write().parquet(source.toString());
    Path dataset = TestConfigs.write(home, "conf/wide.conf", "lakeml.dataset {\n"
        + "  name = wide\n"
        + "  source { path = \"" + source + "\", format = parquet }\n"
        + "  columns = [\n" + columns + "    { name = target, type = int, role = label }\n  ]\n"
        + "  label { name = label, expr = \"target\", kind = binary }\n"
        + "  features { numeric = [" + features + "] }\n"
        + "}\n");
    String conf = conf(dataset, NO_BASELINES);
    pipeline(conf, "2026-02-01", "2026-02-01");
    List<Row> auc = sql(conf, "SELECT value FROM delta.`{root}/evaluations` WHERE kind = 'metric' AND metric = 'auc'");
    assertThat(auc.get(0).getDouble(0)).as("test AUC on a linear signal in 10 of 200 features").isGreaterThan(0.8);
    assertThat(sql(conf, "SELECT count(*) FROM delta.`{root}/scored_wide`").get(0).getLong(0)).isEqualTo(2_000);
  }
}
