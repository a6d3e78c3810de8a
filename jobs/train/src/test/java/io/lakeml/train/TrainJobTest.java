package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.model.ArtefactFiles;
import io.lakeml.testing.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train job on real Spark, DL4J and Delta, with synthetic flights that carry a known signal. */
class TrainJobTest {
  @TempDir Path home;
  @TempDir Path otherHome;

  @Test
  void learnsTheSignalWritesACompleteArtefactAndRegistersDev() throws Exception {
    TrainFixture f = new TrainFixture(home).prepared(6_000);

    TrainResult r = f.train();

    assertThat(r.bestValidationMetric()).as("validation AUC on a known signal").isGreaterThan(0.62);
    assertThat(r.epochLog()).hasSize(3).allMatch(l -> l.contains("examples/s"));
    Path dir = Paths.get(java.net.URI.create(r.artefactUri()));
    assertThat(dir.resolve("network.zip")).exists();
    assertThat(dir.resolve("pipeline/metadata")).exists();
    assertThat(Files.readString(dir.resolve("metadata.json"))).contains("\"data_version\"", "\"input_schema\"", r.dataHash());
    assertThat(dir.resolve("training-log.json")).exists();
    String manifest = Files.readString(dir.resolve(ArtefactFiles.MANIFEST));
    assertThat(manifest).contains("network.zip", "metadata.json", "pipeline/");
    assertThat(io.lakeml.internal.util.Hashing.sha256(manifest)).isEqualTo(r.artefactSha256());
    Row version = f.spark.read().format("delta").load(f.lakehouse().tablePath(TableNames.MODEL_VERSIONS)).first();
    assertThat(version.<String>getAs("stage")).isEqualTo("dev");
    assertThat(version.<Long>getAs("data_version")).isEqualTo(r.dataVersion());
    assertThat(version.<String>getAs("artefact_sha256")).isEqualTo(r.artefactSha256());
    assertThat(f.spark.read().format("delta").load(f.lakehouse().tablePath(TableNames.MODEL_EVENTS))
        .where("event = 'registered'").count()).isEqualTo(1);
  }

  @Test
  void sameSeedDataAndPartitioningGiveIdenticalParameters() {
    float[] a = new TrainFixture(home).prepared(3_000).train().parameters();
    float[] b = new TrainFixture(otherHome).prepared(3_000).train().parameters();

    assertThat(Arrays.equals(a, b)).as("bit-identical parameters").isTrue();
  }

  @Test
  void resumesFromTheNewestCompleteCheckpointIgnoringAHalfWrittenOne() throws Exception {
    float[] uninterrupted = new TrainFixture(otherHome).prepared(3_000).train().parameters();
    TrainFixture f = new TrainFixture(home).prepared(3_000);
    f.train();
    Path runDir = Files.list(home.resolve("lakehouse/checkpoints")).findFirst().orElseThrow();
    // As if the run was killed while writing epoch 2's checkpoint: epoch 3 never happened, and
    // epoch 2's folder has a truncated parameter file and no _COMPLETE marker.
    FileTrees.delete(runDir.resolve("epoch-0003-round-0000"));
    Files.delete(runDir.resolve("epoch-0002-round-0000/" + Checkpoints.COMPLETE));
    Files.write(runDir.resolve("epoch-0002-round-0000/params.bin"), new byte[] {0, 0, 1});

    TrainResult resumed = f.train();

    assertThat(resumed.resumedFrom()).hasValueSatisfying(c -> assertThat(c).endsWith("epoch-0001-round-0000"));
    assertThat(resumed.epochLog()).hasSize(2);
    assertThat(Arrays.equals(resumed.parameters(), uninterrupted)).as("bit-identical to an uninterrupted run").isTrue();

    // As if a run published version 3 and was killed before registering it: once the ledger has
    // that run, the folder is moved aside and the version number reused; while the run is open
    // (not in the ledger), publishing refuses to overwrite it. Both reruns resume at the last epoch.
    Path models = Paths.get(java.net.URI.create(resumed.artefactUri())).getParent();
    String endedRun = f.spark.read().format("delta").load(f.lakehouse().tablePath(TableNames.RUNS))
        .where("job = 'train'").first().getAs("run_id");
    plantOrphan(models, 3, endedRun);
    assertThat(f.train().version()).isEqualTo(3);
    assertThat(models.resolve(".orphaned-3-" + endedRun + "/metadata.json")).exists();
    assertThat(ArtefactFiles.readText(f.spark.sparkContext().hadoopConfiguration(),
        models.resolve("3/metadata.json").toUri().toString()).orElseThrow()).doesNotContain(endedRun);
    plantOrphan(models, 4, "train-still-open");
    assertThatThrownBy(f::train).isInstanceOf(LakemlException.class)
        .hasMessageContaining("/4: run train-still-open published one there and has not ended")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.EXTERNAL));
  }

  /** A published artefact of {@code version} written by {@code run}, which the registry does not have. */
  static void plantOrphan(Path models, long version, String run) throws Exception {
    FileTrees.copy(models.resolve("1"), models.resolve(String.valueOf(version)));
    Path metadata = models.resolve(version + "/metadata.json");
    Files.writeString(metadata, Files.readString(metadata).replaceFirst("\"training_run_id\": \"[^\"]*\"",
        "\"training_run_id\": \"" + run + "\""));
    Files.deleteIfExists(metadata.resolveSibling(".metadata.json.crc")); // Hadoop's checksum of the old text
  }

  @Test
  void emptyTrainingWindowIsADataError() {
    TrainFixture f = new TrainFixture(home).prepared(1_000).set("lakeml.train.from=2030-01-01");

    assertThatThrownBy(f::train).isInstanceOf(LakemlException.class)
        .hasMessageContaining("The train split of prepared_flights")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
  }

  @Test
  void singleClassLabelsAreADataError() {
    TrainFixture f = new TrainFixture(home).set("lakeml.dataset.label.expr=`delay` > 100000").prepared(1_000);

    assertThatThrownBy(f::train).hasMessageContaining("Every row of the train split has label = 0");
  }

  @Test
  void featureColumnMissingFromThePreparedTableIsADataError() {
    TrainFixture f = new TrainFixture(home).prepared(500);
    String path = f.lakehouse().tablePath(TableNames.prepared("flights"));
    f.spark.read().format("delta").load(path).drop("hour_of_day").write().format("delta")
        .mode("overwrite").option("overwriteSchema", "true").save(path);

    assertThatThrownBy(f::train).hasMessageContaining("has no column 'hour_of_day'");
  }

  @Test
  void dataVersionThatDoesNotExistIsAUserError() {
    TrainFixture f = new TrainFixture(home).prepared(500);

    assertThatThrownBy(() -> f.train(Optional.of(42L))).hasMessageContaining("prepared_flights has no version 42")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
  }

}
