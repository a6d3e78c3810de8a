package io.lakeml.train;

import com.google.gson.Gson;
import io.lakeml.errors.Errors;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints of one training run key under {@code <root>/checkpoints/<run key>/}: parameters,
 * updater state, best parameters and the {@link TrainingState}. A checkpoint counts only once its
 * {@code _COMPLETE} marker is written, last: a kill during the write leaves a folder that is never
 * read (works on object stores, where renames are not atomic).
 */
final class Checkpoints {
  static final String COMPLETE = "_COMPLETE";
  private static final Gson GSON = new Gson();

  private final Configuration hadoop;
  private final Path dir;

  Checkpoints(Configuration hadoop, String dir) {
    this.hadoop = hadoop;
    this.dir = new Path(dir);
  }

  String dir() {
    return dir.toString();
  }

  /** A checkpoint as read back. */
  record Saved(String name, TrainingState state, float[] params, float[] updater, float[] best) {}

  void write(TrainingState state, float[] params, float[] updater, float[] best) {
    String name = String.format("epoch-%04d-round-%04d", state.epoch(), state.round());
    Path target = new Path(dir, name);
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      fs.delete(target, true); // a half-written one from a killed run
      writeFloats(fs, new Path(target, "params.bin"), params);
      writeFloats(fs, new Path(target, "updater.bin"), updater);
      writeFloats(fs, new Path(target, "best.bin"), best);
      writeText(fs, new Path(target, "state.json"), GSON.toJson(state));
      writeText(fs, new Path(target, COMPLETE), name);
    } catch (IOException e) {
      throw Errors.storageFailed("write the checkpoint", target.toString(), e);
    }
  }

  /** The newest complete checkpoint, if any. */
  Optional<Saved> latest() {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return Optional.empty();
      }
      List<String> complete = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isDirectory() && fs.exists(new Path(s.getPath(), COMPLETE))) {
          complete.add(s.getPath().getName());
        }
      }
      if (complete.isEmpty()) {
        return Optional.empty();
      }
      complete.sort(String::compareTo); // zero-padded names sort by (epoch, round)
      String name = complete.get(complete.size() - 1);
      Path p = new Path(dir, name);
      TrainingState state = GSON.fromJson(readText(fs, new Path(p, "state.json")), TrainingState.class);
      return Optional.of(new Saved(name, state, readFloats(fs, new Path(p, "params.bin")),
          readFloats(fs, new Path(p, "updater.bin")), readFloats(fs, new Path(p, "best.bin"))));
    } catch (IOException e) {
      throw Errors.storageFailed("read checkpoints from", dir.toString(), e);
    }
  }

  private static void writeFloats(FileSystem fs, Path p, float[] values) throws IOException {
    try (FSDataOutputStream raw = fs.create(p, true); DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
      out.writeInt(values.length);
      for (float v : values) {
        out.writeFloat(v);
      }
    }
  }

  private static float[] readFloats(FileSystem fs, Path p) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(fs.open(p)))) {
      float[] values = new float[in.readInt()];
      for (int i = 0; i < values.length; i++) {
        values[i] = in.readFloat();
      }
      return values;
    }
  }

  private static void writeText(FileSystem fs, Path p, String text) throws IOException {
    try (FSDataOutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String readText(FileSystem fs, Path p) throws IOException {
    try (var in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
