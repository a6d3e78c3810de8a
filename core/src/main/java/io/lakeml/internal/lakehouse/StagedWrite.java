package io.lakeml.internal.lakehouse;

import io.lakeml.errors.Errors;
import io.lakeml.internal.util.Scala;
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
import org.apache.spark.sql.delta.commands.DMLUtils.TaggedCommitData;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
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
    Map<String, String> wanted = new java.util.LinkedHashMap<>(properties);
    wanted.putAll(TableProperties.columnMappingFor(rows.schema())); // any column name a source can have
    TableProperties.dropStaleStatsColumns(spark, path, rows.schema());
    Map<String, String> all = new java.util.LinkedHashMap<>(wanted);
    all.putAll(options);
    boolean[] inCommit = {false};
    StagedWrite staged = stage(rows, path, partitionColumns, all, txn -> inCommit[0] = addProperties(txn, rows.schema(), wanted));
    boolean ensureAfter = !inCommit[0] && DeltaTables.exists(spark, path) && !missing(txn(staged), wanted).isEmpty();
    // A rebuild that changes the schema: Delta's writer updates the metadata itself, once per
    // commit, so the properties follow in a commit of their own, after the data's.
    return ensureAfter ? staged.afterCommit(() -> TableProperties.ensure(spark, path, wanted)) : staged;
  }

  private static OptimisticTransaction txn(StagedWrite staged) {
    return staged.txn;
  }

  /** The properties of {@code wanted} the transaction's table does not carry (none for a new table: it is created with them). */
  private static Map<String, String> missing(OptimisticTransaction txn, Map<String, String> wanted) {
    if (txn.readVersion() < 0) {
      return Map.of();
    }
    Map<String, String> current = JavaConverters.mapAsJavaMap(txn.metadata().configuration());
    Map<String, String> missing = new java.util.LinkedHashMap<>(wanted);
    missing.entrySet().removeIf(e -> TableProperties.carries(e.getKey(), e.getValue(), current.get(e.getKey())));
    return missing;
  }

  /**
   * Sets the properties an existing table lacks in this very transaction, so they land with the
   * data or not at all; only when the write keeps the table's columns (else Delta's writer updates
   * the metadata itself). True when nothing is left to set after the commit.
   */
  private static boolean addProperties(OptimisticTransaction txn, org.apache.spark.sql.types.StructType schema,
      Map<String, String> wanted) {
    Map<String, String> missing = missing(txn, wanted);
    if (missing.isEmpty()) {
      return true;
    }
    java.util.Set<String> tableColumns = new java.util.HashSet<>();
    for (String c : txn.metadata().schema().fieldNames()) {
      tableColumns.add(c.toLowerCase(java.util.Locale.ROOT));
    }
    for (String c : schema.fieldNames()) {
      if (!tableColumns.remove(c.toLowerCase(java.util.Locale.ROOT))) {
        return false;
      }
    }
    if (!tableColumns.isEmpty() || !txn.canUpdateMetadata()) {
      return false;
    }
    txn.updateMetadata(withProperties(txn.metadata(), missing), false);
    return true;
  }

  private static org.apache.spark.sql.delta.actions.Metadata withProperties(org.apache.spark.sql.delta.actions.Metadata m,
      Map<String, String> added) {
    Map<String, String> configuration = new java.util.LinkedHashMap<>(JavaConverters.mapAsJavaMap(m.configuration()));
    configuration.putAll(added);
    return new org.apache.spark.sql.delta.actions.Metadata(m.id(), m.name(), m.description(), m.format(), m.schemaString(),
        m.partitionColumns(), DeltaConfigs.validateConfigurations(Scala.map(configuration)), m.createdTime());
  }

  private static StagedWrite stage(Dataset<Row> rows, String path, List<String> partitionColumns,
      Map<String, String> options, java.util.function.Consumer<OptimisticTransaction> beforeWrite) {
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
    try {
      return log.withNewTransaction(Option.empty(), Option.empty(), txn -> {
        beforeWrite.accept(txn);
        return new StagedWrite(log, txn, write.writeAndReturnCommitData(txn, spark, Option.empty(), false), operation,
            path, () -> { });
      });
    } catch (Exception e) {
      java.util.Optional<io.lakeml.errors.LakemlException> refusal = DeltaRefusals.of(e, path,
          columnDifference(log, rows.schema()));
      if (refusal.isPresent()) {
        throw refusal.get();
      }
      throw e;
    }
  }

  /** Which columns lakeml writes that the table lacks, and the other way round; empty without a table. */
  private static java.util.Optional<String> columnDifference(DeltaLog log, org.apache.spark.sql.types.StructType written) {
    if (!log.tableExists()) {
      return java.util.Optional.empty();
    }
    java.util.Set<String> table = new java.util.LinkedHashSet<>(List.of(log.update(false, Option.empty(), Option.empty())
        .schema().fieldNames()));
    java.util.Set<String> ours = new java.util.LinkedHashSet<>(List.of(written.fieldNames()));
    java.util.Set<String> missing = new java.util.LinkedHashSet<>(ours);
    missing.removeAll(table);
    table.removeAll(ours);
    return java.util.Optional.of("lakeml writes " + missing + ", which the table lacks; the table has " + table
        + ", which lakeml does not write");
  }

  /**
   * An open transaction on the table at {@code path} for files that lakeml's own writer puts in
   * place ({@link io.lakeml.internal.lakehouse.direct.DirectParquetFile}): started before they are written,
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

    /** The table's properties (empty for a new table). */
    public Map<String, String> tableProperties() {
      return txn.readVersion() < 0 ? Map.of() : JavaConverters.mapAsJavaMap(txn.metadata().configuration());
    }

    /** The table's protocol as {minReaderVersion, minWriterVersion}; {1, 2} for a new table. */
    public int[] protocolVersions() {
      if (txn.readVersion() < 0) {
        return new int[] {1, 2};
      }
      return new int[] {txn.protocol().minReaderVersion(), txn.protocol().minWriterVersion()};
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
    public StagedWrite stage(List<io.lakeml.internal.lakehouse.DirectFile> files,
        org.apache.spark.sql.types.StructType schema, List<String> partitionColumns, Map<String, String> properties,
        String predicate, String userMetadata) {
      SparkSession spark = SparkSession.active();
      List<Action> actions = new ArrayList<>();
      if (txn.readVersion() < 0) {
        txn.updateMetadataForNewTable(new org.apache.spark.sql.delta.actions.Metadata(java.util.UUID.randomUUID().toString(),
            null, null, new org.apache.spark.sql.delta.actions.Format("parquet", Scala.map(Map.of())),
            schema.asNullable().json(), Scala.seq(partitionColumns),
            DeltaConfigs.validateConfigurations(Scala.map(properties)), Option.apply(System.currentTimeMillis())));
      } else {
        addProperties(txn, schema, properties); // with the data, in this commit, or not at all
      }
      long now = System.currentTimeMillis();
      // As Delta's writer removes what a replaceWhere replaces: the files its predicate selects,
      // with their row counts, so removes carry statistics and the commit counts deleted rows.
      org.apache.spark.sql.catalyst.expressions.Expression selected = predicate == null
          ? org.apache.spark.sql.catalyst.expressions.Literal.TrueLiteral()
          : org.apache.spark.sql.functions.expr(predicate).expr();
      List<AddFile> old = JavaConverters.seqAsJavaList(txn.filterFiles(Scala.seq(List.of(selected)), true));
      WriteMetrics metrics = new WriteMetrics();
      for (AddFile add : old) {
        actions.add(add.removeWithTimestamp(now, true));
        metrics.removed(add);
      }
      for (io.lakeml.internal.lakehouse.DirectFile f : files) {
        AddFile add = new AddFile(f.relativePath(), Scala.map(f.partitionValues()), f.size(), now, true, f.statsJson(),
            null, null, Option.empty(), Option.empty(), Option.empty());
        actions.add(add);
        metrics.added(add);
      }
      txn.registerSQLMetrics(spark, Scala.map(metrics.toSql(spark)));
      DeltaOperations.Write operation = new DeltaOperations.Write(SaveMode.Overwrite,
          Option.apply(Scala.seq(partitionColumns)), Option.apply(predicate), Option.apply(userMetadata));
      return new StagedWrite(log, txn, new TaggedCommitData<>(Scala.seq(actions), Scala.map(Map.of())), operation, path,
          () -> { });
    }
  }

  /**
   * The operation metrics Delta's writer records for an overwrite with replaceWhere (its
   * {@code WRITE_REPLACE_WHERE} set: files, bytes and rows written; files, bytes and rows removed),
   * gathered from the actions of a commit made outside it, so {@code DESCRIBE HISTORY} reads the
   * same for either writer.
   */
  private static final class WriteMetrics {
    private long files;
    private long bytes;
    private long rows;
    private long removedFiles;
    private long removedBytes;
    private long deletedRows;

    void added(AddFile add) {
      files++;
      bytes += add.size();
      rows += add.numLogicalRecords().isDefined() ? (Long) add.numLogicalRecords().get() : 0;
    }

    void removed(AddFile add) {
      removedFiles++;
      removedBytes += add.size();
      deletedRows += add.numLogicalRecords().isDefined() ? (Long) add.numLogicalRecords().get() : 0;
    }

    Map<String, org.apache.spark.sql.execution.metric.SQLMetric> toSql(SparkSession spark) {
      Map<String, org.apache.spark.sql.execution.metric.SQLMetric> m = new java.util.LinkedHashMap<>();
      m.put("numFiles", metric(spark, "number of files written", files));
      m.put("numOutputBytes", metric(spark, "number of output bytes", bytes));
      m.put("numOutputRows", metric(spark, "number of rows added", rows));
      m.put("numAddedChangeFiles", metric(spark, "number of change files added", 0));
      m.put("numCopiedRows", metric(spark, "number of copied rows", 0));
      m.put("numRemovedFiles", metric(spark, "number of files removed.", removedFiles));
      m.put("numRemovedBytes", metric(spark, "number of bytes removed", removedBytes));
      m.put("numDeletedRows", metric(spark, "number of rows deleted.", deletedRows));
      return m;
    }

    private static org.apache.spark.sql.execution.metric.SQLMetric metric(SparkSession spark, String name, long value) {
      var metric = new org.apache.spark.sql.execution.metric.SQLMetric("sum", 0L);
      metric.register(spark.sparkContext(), Option.apply(name), false);
      metric.set(value);
      return metric;
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

  /**
   * The physical name of each column in the staged files, by logical name: the same name, unless
   * the table maps column names (Delta column mapping), whose files hold physical names.
   */
  public Map<String, String> physicalNames() {
    Map<String, String> names = new java.util.LinkedHashMap<>();
    for (org.apache.spark.sql.types.StructField f : txn.metadata().schema().fields()) {
      String key = "delta.columnMapping.physicalName";
      names.put(f.name(), f.metadata().contains(key) ? f.metadata().getString(key) : f.name());
    }
    return names;
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
    } catch (Exception e) {
      java.util.Optional<io.lakeml.errors.LakemlException> refusal = DeltaRefusals.of(e, path);
      if (refusal.isPresent()) {
        throw refusal.get(); // refused before anything landed: the files may still be aborted
      }
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
