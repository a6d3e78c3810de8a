package io.lakeml.internal.source;

import static org.apache.spark.sql.functions.input_file_name;

import io.lakeml.dataset.SchemaContract;
import io.lakeml.dataset.SourceFormat;
import io.lakeml.dataset.SourceSpec;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.internal.util.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a dataset's raw source (a file, a folder or a Delta table) lazily, and records exactly what
 * it read: every file with its size and modification time, or the Delta version. A missing path,
 * a folder with no data files and a corrupt Parquet file are DATA errors naming the path.
 */
public final class RawSource {
  /** The file each row came from, for the quarantine table. */
  public static final String SOURCE_FILE = SchemaContract.SOURCE_FILE;

  private static final String CORRUPT_RECORD = "_corrupt_record";

  private RawSource() {}

  public static RawInput read(SparkSession spark, SourceSpec source) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path path = new Path(source.path());
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        throw Errors.sourceNotFound(source.path(), source.format().sparkName());
      }
      return source.format() == SourceFormat.DELTA
          ? readDelta(spark, source)
          : readFiles(spark, source, fs, path, conf);
    } catch (IOException e) {
      throw Errors.storageFailed("read the source", source.path(), e);
    }
  }

  private static RawInput readDelta(SparkSession spark, SourceSpec source) {
    long version = DeltaTables.latestVersion(spark, source.path())
        .orElseThrow(() -> Errors.notADeltaTable(source.path()));
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(source.path());
    return new RawInput(rows.withColumn(SOURCE_FILE, input_file_name()),
        DataRef.delta("source", source.path(), version, null), OptionalLong.empty());
  }

  private static RawInput readFiles(
      SparkSession spark, SourceSpec source, FileSystem fs, Path path, Configuration conf)
      throws IOException {
    refuseUnreadableLocalFiles(source.path(), fs, path);
    List<LocatedFileStatus> files = dataFiles(fs, path);
    if (files.isEmpty()) {
      throw Errors.emptySource(source.path());
    }
    if (files.stream().allMatch(f -> f.getLen() == 0)) {
      throw Errors.emptySourceFiles(source.path(), files.size());
    }
    OptionalLong sourceRows = OptionalLong.empty();
    if (source.format() == SourceFormat.PARQUET) {
      long total = 0;
      for (LocatedFileStatus f : files) {
        total += rowsInFooter(f, conf);
      }
      sourceRows = OptionalLong.of(total);
    }
    Map<String, String> options = new LinkedHashMap<>(source.options());
    if (source.format() == SourceFormat.CSV) {
      options.putIfAbsent("header", "true"); // every column read as text; the contract casts
    }
    DataFrameReader reader = spark.read().format(source.format().sparkName()).options(options);
    Dataset<Row> loaded = reader.load(source.path());
    if (source.format() == SourceFormat.JSON && List.of(loaded.columns()).equals(List.of(CORRUPT_RECORD))) {
      throw Errors.unreadableJson(source.path(), options.entrySet().stream()
          .anyMatch(e -> e.getKey().equalsIgnoreCase("multiLine") && "true".equalsIgnoreCase(e.getValue())));
    }
    Dataset<Row> rows = loaded.withColumn(SOURCE_FILE, input_file_name());
    return new RawInput(rows, filesRef(source.path(), files), sourceRows);
  }

  private static List<LocatedFileStatus> dataFiles(FileSystem fs, Path path) throws IOException {
    List<LocatedFileStatus> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String name = f.getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".") && !f.getPath().toString().contains("/_delta_log/")) {
        files.add(f);
      }
    }
    files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
    return files;
  }

  /**
   * Hadoop's local file system lists only the files it can stat, so a dangling link or a file
   * without read permission would silently drop its rows; on {@code file:} sources lakeml looks
   * for them itself. Object stores list what they can read.
   */
  private static void refuseUnreadableLocalFiles(String source, FileSystem fs, Path path) throws IOException {
    if (!"file".equals(fs.getScheme())) {
      return;
    }
    java.nio.file.Path root = Paths.get(fs.makeQualified(path).toUri());
    try (Stream<java.nio.file.Path> entries = Files.walk(root)) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith("_") || name.startsWith(".") || p.toString().contains("/_delta_log/")) {
          continue;
        }
        if (Files.isSymbolicLink(p) && !Files.exists(p)) {
          throw Errors.unreadableSourceFile(source, p.toString(), "a link to " + Files.readSymbolicLink(p)
              + ", which does not exist");
        }
        if (Files.isRegularFile(p) && !Files.isReadable(p)) {
          throw Errors.unreadableSourceFile(source, p.toString(), "no read permission");
        }
      }
    }
  }

  // Reading only the footer costs a few KB per file and names a corrupt file before any scan.
  private static long rowsInFooter(LocatedFileStatus file, Configuration conf) {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
      return reader.getRecordCount();
    } catch (IOException | RuntimeException e) {
      throw Errors.corruptSourceFile(file.getPath().toString(), e);
    }
  }

  private static DataRef filesRef(String root, List<LocatedFileStatus> files) {
    StringBuilder listing = new StringBuilder();
    long bytes = 0;
    for (LocatedFileStatus f : files) {
      listing.append(f.getPath()).append(" size=").append(f.getLen())
          .append(" mtime=").append(java.time.Instant.ofEpochMilli(f.getModificationTime())).append('\n');
      bytes += f.getLen();
    }
    String detail = files.size() + " file(s), " + bytes + " bytes\n" + listing;
    return new DataRef("source", root, java.util.Optional.empty(),
        java.util.Optional.of(Hashing.sha256(listing.toString())), detail);
  }
}
