package io.lakeml.train;

import io.lakeml.internal.command.JobLauncher;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.testing.PreparedTables;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** A lakehouse with prepared synthetic flights in a temporary folder, and train runs on it. */
final class TrainFixture {
  static final List<String> SMALL_NETWORK = List.of(
      "lakeml.train.network.hidden=[16]", "lakeml.train.network.batch-size=64",
      "lakeml.train.network.epochs=3", "lakeml.train.network.patience=0",
      "lakeml.train.network.learning-rate=0.01", "lakeml.train.workers=2", "lakeml.train.rounds-per-epoch=2");

  final SparkSession spark = SparkTestSession.get();
  final Path home;
  final List<String> sets = new ArrayList<>(SMALL_NETWORK);

  TrainFixture(Path home) {
    this.home = home;
  }

  TrainFixture set(String assignment) {
    sets.add(assignment);
    return this;
  }

  /** The flights dataset without its gate (whose bounds name binary metrics), for a label of another kind. */
  TrainFixture withoutTheFlightsGate() {
    try {
      String flights = java.nio.file.Files.readString(TestConfigs.projectRoot().resolve("conf/datasets/flights.conf"));
      TestConfigs.write(home, "flights-no-gate.conf", flights.replaceAll("(?m)^\\s*gate \\{.*$", ""));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return this;
  }

  LakemlConfig config() {
    Path noGate = home.resolve("flights-no-gate.conf");
    String dataset = java.nio.file.Files.exists(noGate) ? noGate.toString()
        : TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    return ConfigLoader.create(new LakemlHome(home))
        .file(TestConfigs.write(home, "test.conf", "include file(\"" + dataset + "\")\nlakeml.lakehouse.root = lakehouse\n"))
        .setAll(sets)
        .load();
  }

  Lakehouse lakehouse() {
    return Lakehouse.of(config());
  }

  TrainFixture prepared(long rows) {
    PreparedTables.write(spark, config(), SyntheticSpec.clean(rows, 11).withWindow(java.time.LocalDate.of(2001, 1, 1), 60));
    return this;
  }

  TrainResult train() {
    return train(Optional.empty());
  }

  TrainResult train(Optional<Long> dataVersion) {
    TrainResult[] result = new TrainResult[1];
    JobLauncher.run("train", config(), spark, (s, c, r) -> result[0] = TrainJob.create(s, c, dataVersion, r).run());
    return result[0];
  }
}
