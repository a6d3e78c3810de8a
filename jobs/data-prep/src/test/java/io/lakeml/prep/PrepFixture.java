package io.lakeml.prep;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import io.lakeml.dataset.DateWindow;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A lakehouse and a raw source in a temporary folder, and data-prep runs against them. */
final class PrepFixture {
  final SparkSession spark = SparkTestSession.get();
  final Path home;
  final String rawPath;
  final List<String> sets = new ArrayList<>();
  PrepResult lastResult;

  PrepFixture(Path home) {
    this.home = home;
    this.rawPath = home.resolve("raw").toUri().toString();
  }

  PrepFixture set(String assignment) {
    sets.add(assignment);
    return this;
  }

  /** Writes raw rows as the source, replacing what was there. */
  PrepFixture source(Dataset<Row> raw) {
    raw.coalesce(1).write().mode("overwrite").parquet(rawPath);
    return this;
  }

  LakemlConfig config() {
    String dataset = TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    return ConfigLoader.create(new LakemlHome(home))
        .file(TestConfigs.write(home, "test.conf", "include file(\"" + dataset + "\")\nlakeml.lakehouse.root = lakehouse\n"))
        .set("lakeml.dataset.source.path", rawPath)
        .setAll(sets)
        .load();
  }

  PrepResult run() {
    return run(DateWindow.ALL);
  }

  PrepResult run(DateWindow window) {
    JobLauncher.run("prep", config(), spark, (s, c, r) -> lastResult = PrepJob.create(s, c, window, r).run());
    return lastResult;
  }

  Dataset<Row> table(String name) {
    return spark.read().format("delta").load(Lakehouse.of(config()).tablePath(name));
  }

  Dataset<Row> prepared() {
    return table(TableNames.prepared("flights"));
  }

  Dataset<Row> quarantine() {
    return table(TableNames.quarantine("flights"));
  }
}
