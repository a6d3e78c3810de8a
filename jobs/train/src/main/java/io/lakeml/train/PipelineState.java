package io.lakeml.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.lakeml.errors.Errors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The fitted state of a saved Spark ML {@code PipelineModel}, stage by stage, as Spark's own
 * writer stored it: each stage's class and parameters (its metadata, without the random uid, the
 * save time and the Spark version) and its fitted data (imputation surrogates, scaler means and
 * deviations, category labels and sizes) as rows. Two fits of the same data compare equal.
 */
record PipelineState(List<Stage> stages) {

  /**
   * One stage: its position, class, parameters (JSON whose key order, which Spark does not fix,
   * does not count) and fitted rows.
   */
  record Stage(int index, String className, JsonObject params, List<String> data) {}

  static PipelineState read(SparkSession spark, String pipelineDir) {
    Path stagesDir = new Path(pipelineDir, "stages");
    try {
      FileSystem fs = stagesDir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<FileStatus> dirs = new ArrayList<>(List.of(fs.listStatus(stagesDir)));
      dirs.sort(Comparator.comparingInt(s -> index(s.getPath().getName())));
      List<Stage> stages = new ArrayList<>();
      for (FileStatus d : dirs) {
        stages.add(stage(spark, fs, d.getPath()));
      }
      return new PipelineState(stages);
    } catch (IOException e) {
      throw Errors.storageFailed("read the feature pipeline from", pipelineDir, e);
    }
  }

  private static Stage stage(SparkSession spark, FileSystem fs, Path dir) throws IOException {
    String json = metadataJson(fs, new Path(dir, "metadata")); // a one-line file: no Spark job for it
    JsonObject meta = new Gson().fromJson(json, JsonObject.class);
    String uid = meta.get("uid").getAsString();
    String className = meta.get("class").getAsString();
    JsonObject params = new JsonObject();
    params.add("paramMap", meta.get("paramMap"));
    params.add("defaultParamMap", meta.get("defaultParamMap"));
    // Default output column names embed the uid.
    JsonObject normalised = new Gson().fromJson(params.toString().replace(uid, "<uid>"), JsonObject.class);
    List<String> data = new ArrayList<>();
    Path dataDir = new Path(dir, "data");
    if (fs.exists(dataDir)) {
      for (Row r : spark.read().parquet(dataDir.toString()).collectAsList()) {
        data.add(r.toString());
      }
      data.sort(String::compareTo);
    }
    return new Stage(index(dir.getName()), className, normalised, data);
  }

  private static String metadataJson(FileSystem fs, Path metadata) throws IOException {
    for (FileStatus f : fs.listStatus(metadata)) {
      if (f.getPath().getName().startsWith("part-")) {
        try (var in = fs.open(f.getPath())) {
          return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
      }
    }
    throw new IOException("no part file in " + metadata);
  }

  private static int index(String stageDirName) {
    return Integer.parseInt(stageDirName.substring(0, stageDirName.indexOf('_')));
  }

  /** The first difference from {@code other}, described; empty when both are the same. */
  Optional<String> differenceFrom(PipelineState other) {
    if (stages.size() != other.stages.size()) {
      return Optional.of("feature pipeline: recorded " + stages.size() + " stages, reproduced " + other.stages.size());
    }
    for (int i = 0; i < stages.size(); i++) {
      Stage a = stages.get(i);
      Stage b = other.stages.get(i);
      String name = "feature pipeline stage " + a.index() + " (" + a.className().substring(a.className().lastIndexOf('.') + 1) + ")";
      if (!a.className().equals(b.className())) {
        return Optional.of(name + ": reproduced as " + b.className());
      }
      if (!a.params().equals(b.params())) {
        return Optional.of(name + ": parameters differ: recorded " + abbreviate(a.params().toString()) + ", reproduced "
            + abbreviate(b.params().toString()));
      }
      if (!a.data().equals(b.data())) {
        return Optional.of(name + ": fitted state differs: recorded " + abbreviate(a.data().toString())
            + ", reproduced " + abbreviate(b.data().toString()));
      }
    }
    return Optional.empty();
  }

  private static String abbreviate(String s) {
    return s.length() > 240 ? s.substring(0, 240) + "..." : s;
  }
}
