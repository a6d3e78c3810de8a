package io.lakeml.train;

import static org.apache.spark.sql.functions.col;

import io.lakeml.errors.Errors;
import io.lakeml.registry.ModelRegistry;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * What the registry recorded about one model version: the run's resolved config, the prepared
 * data version and content hash it trained on, the code's commit, and the artefact.
 */
record RecordedVersion(String name, long version, String trainingRunId, String config, long dataVersion,
    String dataHash, String gitCommit, String artefactUri, String artefactSha256) {

  /** The registered version, or a USER error listing the known models or versions. */
  static RecordedVersion find(ModelRegistry registry, String name, long version) {
    List<Row> ofModel = registry.versions().where(col("name").equalTo(name)).collectAsList();
    if (ofModel.isEmpty()) {
      TreeSet<String> models = new TreeSet<>();
      registry.versions().select("name").distinct().collectAsList().forEach(r -> models.add(r.getString(0)));
      throw Errors.unknownModel(name, models);
    }
    return ofModel.stream().filter(r -> r.<Long>getAs("version") == version).findFirst()
        .map(RecordedVersion::of)
        .orElseThrow(() -> Errors.unknownModelVersion(name, version,
            new TreeSet<>(ofModel.stream().map(r -> r.<Long>getAs("version")).toList())));
  }

  private static RecordedVersion of(Row r) {
    return new RecordedVersion(r.getAs("name"), r.<Long>getAs("version"), r.getAs("training_run_id"),
        r.getAs("training_config"), r.<Long>getAs("data_version"), r.getAs("data_hash"), r.getAs("git_commit"),
        r.getAs("artefact_uri"), r.getAs("artefact_sha256"));
  }
}
