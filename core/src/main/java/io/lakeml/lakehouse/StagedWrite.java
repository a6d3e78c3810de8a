package io.lakeml.lakehouse;

import io.lakeml.errors.Errors;
import io.lakeml.quality.Scala;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConfigs;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.DeltaOptions;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import org.apache.spark.sql.delta.commands.DMLUtils.TaggedCommitData;
import org.apache.spark.sql.delta.util.DeltaFileOperations;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * A Delta overwrite split in two: {@link #stage} writes the data files (one pass over the rows)
 * without committing them, {@link #commit} makes them the table's next version in one atomic
 * commit, {@link #abort} deletes them. Readers see nothing of a staged write: Delta reads only the
 * files its log names. This lets a job judge what it wrote (checks gathered during the very pass
 * that wrote it) before anyone can read it, without a second read of the input.
 *
 * <p>It is Delta's own save path ({@code WriteIntoDelta}: replaceWhere, schema overwrite, table
 * properties on creation, invariants, statistics), run as Delta's DataFrame writer runs it, with
 * the commit deferred. That path is Delta's internal API, pinned by the build's Delta version and
 * by {@code StagedWriteTest}. Files of a staged write whose process died before commit or abort are
 * never read and go with the next {@code VACUUM}.
 */
public final class StagedWrite {
  private final DeltaLog log;
  private final OptimisticTransaction txn;
  private final TaggedCommitData<Action> staged;
  private final DeltaOperations.Write operation;
  private final String path;
  private final Runnable afterCommit;
  private boolean done;

  private StagedWrite(DeltaLog log, OptimisticTransaction txn, TaggedCommitData<Action> staged,
      DeltaOperations.Write operation, String path, Runnable afterCommit) {
    this.log = log;
    this.txn = txn;
    this.staged = staged;
    this.operation = operation;
    this.path = path;
    this.afterCommit = afterCommit;
  }

  /**
   * Writes {@code rows} as an overwrite of the table at {@code path}, partitioned by
   * {@code partitionColumns}, with these writer {@code options} ({@code replaceWhere},
   * {@code overwriteSchema}, {@code userMetadata}), and commits nothing. The table carries
   * {@code properties} ({@code delta.*}, {@code parquet.*}; see {@link TableProperties}): given to
   * the write that creates the table, or set beforehand on an existing table that lacks them (in
   * their own commit; a rebuild that changes the schema gets them again after this commit).
   */
  public static StagedWrite stage(Dataset<Row> rows, String path, List<String> partitionColumns,
      Map<String, String> properties, Map<String, String> options) {
    SparkSession spark = rows.sparkSession();
    boolean ensureAfter = TableProperties.prepareForWrite(spark, path, properties);
    Map<String, String> all = new java.util.LinkedHashMap<>(properties);
    all.putAll(options);
    StagedWrite staged = stage(rows, path, partitionColumns, all);
    return ensureAfter ? staged.afterCommit(() -> TableProperties.ensure(spark, path, properties)) : staged;
  }

  private static StagedWrite stage(Dataset<Row> rows, String path, List<String> partitionColumns,
      Map<String, String> options) {
    SparkSession spark = rows.sparkSession();
    scala.collection.immutable.Map<String, String> writerOptions = Scala.map(options);
    DeltaOptions deltaOptions = new DeltaOptions(writerOptions, spark.sessionState().conf());
    Map<String, String> tableProperties = new java.util.LinkedHashMap<>(options);
    tableProperties.keySet().removeIf(k -> !k.startsWith("delta.") && !k.startsWith("parquet."));
    DeltaLog log = DeltaLog.forTable(spark, path);
    WriteIntoDelta write = new WriteIntoDelta(log, SaveMode.Overwrite, deltaOptions,
        Scala.seq(partitionColumns), DeltaConfigs.validateConfigurations(Scala.map(tableProperties)),
        rows, Option.empty(), Option.empty());
    DeltaOperations.Write operation = new DeltaOperations.Write(SaveMode.Overwrite,
        Option.apply(Scala.seq(partitionColumns)), deltaOptions.replaceWhere(), deltaOptions.userMetadata());
    // As Delta's writer runs it: the transaction active while the files are written.
    return log.withNewTransaction(Option.empty(), Option.empty(), txn -> new StagedWrite(log, txn,
        write.writeAndReturnCommitData(txn, spark, Option.empty(), false), operation, path, () -> { }));
  }

  /**
   * An open transaction on the table at {@code path} for files that lakeml's own writer puts in
   * place ({@link io.lakeml.lakehouse.direct.DirectParquetFile}): started before they are written,
   * so a concurrent commit that conflicts with this one is detected as with Delta's writer.
   */
  public static Pending begin(SparkSession spark, String path) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    return new Pending(log, log.startTransaction(), path);
  }

  /** A transaction begun for files written outside Delta's writer, not yet staged. */
  public static final class Pending {
    private final DeltaLog log;
    private final OptimisticTransaction txn;
    private final String path;

    private Pending(DeltaLog log, OptimisticTransaction txn, String path) {
      this.log = log;
      this.txn = txn;
      this.path = path;
    }

    /** The table's schema (data and partition columns) when it exists, empty otherwise. */
    public java.util.Optional<org.apache.spark.sql.types.StructType> tableSchema() {
      return txn.readVersion() < 0 ? java.util.Optional.empty() : java.util.Optional.of(txn.metadata().schema());
    }

    public List<String> partitionColumns() {
      return JavaConverters.seqAsJavaList(txn.metadata().partitionColumns());
    }

    /** The table's data directory (where the files go, under their partition directories). */
    public String dataPath() {
      return log.dataPath().toString();
    }

    /**
     * Stages {@code files} as the replacement of the partitions {@code replaced} (each a map of
     * partition column to Delta's string value; null: every file of the table) of a table with
     * {@code schema} partitioned by {@code partitionColumns}; a new table gets
     * {@code properties}. The operation is recorded as Delta's writer records it: an overwrite
     * with {@code predicate} and {@code userMetadata}.
     */
    public StagedWrite stage(List<io.lakeml.lakehouse.direct.DirectFile> files,
        java.util.Set<Map<String, String>> replaced, org.apache.spark.sql.types.StructType schema,
        List<String> partitionColumns, Map<String, String> properties, String predicate, String userMetadata) {
      List<Action> actions = new ArrayList<>();
      if (txn.readVersion() < 0) {
        txn.updateMetadataForNewTable(new org.apache.spark.sql.delta.actions.Metadata(java.util.UUID.randomUUID().toString(),
            null, null, new org.apache.spark.sql.delta.actions.Format("parquet", Scala.map(Map.of())),
            schema.asNullable().json(), Scala.seq(partitionColumns),
            DeltaConfigs.validateConfigurations(Scala.map(properties)), Option.apply(System.currentTimeMillis())));
      }
      long now = System.currentTimeMillis();
      scala.collection.Seq<AddFile> old = replaced == null ? txn.filterFiles()
          : txn.filterFiles(Scala.set(replaced.stream().map(Scala::map).toList()));
      for (AddFile add : JavaConverters.seqAsJavaList(old)) {
        actions.add(add.removeWithTimestamp(now, true));
      }
      for (io.lakeml.lakehouse.direct.DirectFile f : files) {
        actions.add(new AddFile(f.relativePath(), Scala.map(f.partitionValues()), f.size(), now, true, f.statsJson(),
            null, null, Option.empty(), Option.empty(), Option.empty()));
      }
      DeltaOperations.Write operation = new DeltaOperations.Write(SaveMode.Overwrite,
          Option.apply(Scala.seq(partitionColumns)), Option.apply(predicate), Option.apply(userMetadata));
      return new StagedWrite(log, txn, new TaggedCommitData<>(Scala.seq(actions), Scala.map(Map.of())), operation, path,
          () -> { });
    }
  }

  /** Rows in the staged files, from the statistics Delta gathered while writing them. */
  public long rowCount() {
    long rows = 0;
    for (AddFile add : addedFiles()) {
      Option<Object> n = add.numLogicalRecords();
      if (n.isEmpty()) {
        throw Errors.stagedFilesWithoutStatistics(path, add.path());
      }
      rows += (Long) n.get();
    }
    return rows;
  }

  /** The absolute paths of the staged data files (the table's files for them once committed). */
  public List<String> files() {
    List<String> paths = new ArrayList<>();
    for (AddFile add : addedFiles()) {
      paths.add(DeltaFileOperations.absolutePath(log.dataPath().toString(), add.path()).toString());
    }
    return paths;
  }

  /**
   * Makes the staged files (and the removal of what they replace) the table's next version. When
   * a concurrent writer wins the conflicting commit, nothing landed and {@link #abort} still
   * deletes the files; after any other failure of the commit itself they stay, since the commit
   * may have landed (a next {@code VACUUM} removes them if it did not).
   */
  public long commit() {
    return commitWith(() -> txn.commit(staged.actions(), operation, staged.stringTags()));
  }

  /**
   * Commits as Delta's own writer does: only when there is something to commit (files to add or
   * remove, or a table to create); empty otherwise.
   */
  public java.util.Optional<Long> commitIfAny() {
    Option<Object> version = commitWith(() -> txn.commitIfNeeded(staged.actions(), operation, staged.stringTags()));
    return version.isDefined() ? java.util.Optional.of((Long) version.get()) : java.util.Optional.empty();
  }

  private <T> T commitWith(java.util.function.Supplier<T> commit) {
    checkOpen();
    T version;
    try {
      version = commit.get();
    } catch (io.delta.exceptions.DeltaConcurrentModificationException e) {
      throw e; // nothing landed: the files may still be aborted
    } catch (RuntimeException e) {
      done = true; // it may have landed: keep its files
      throw e;
    }
    done = true;
    afterCommit.run();
    return version;
  }

  /** The same staged write, running {@code action} once it has committed. */
  public StagedWrite afterCommit(Runnable action) {
    checkOpen();
    return new StagedWrite(log, txn, staged, operation, path, () -> {
      afterCommit.run();
      action.run();
    });
  }

  /** Deletes the staged files; the table stays as it was. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      FileSystem fs = log.dataPath().getFileSystem(log.newDeltaHadoopConf());
      for (AddFile add : addedFiles()) {
        fs.delete(DeltaFileOperations.absolutePath(log.dataPath().toString(), add.path()), false);
      }
    } catch (IOException e) {
      throw Errors.storageFailed("delete the files of an aborted write to", path, e);
    }
  }

  private List<AddFile> addedFiles() {
    List<AddFile> files = new ArrayList<>();
    for (Action a : JavaConverters.seqAsJavaList(staged.actions())) {
      if (a instanceof AddFile add) {
        files.add(add);
      }
    }
    return files;
  }

  private void checkOpen() {
    if (done) {
      throw Errors.stagedWriteAlreadyClosed(path);
    }
  }
}
