package io.lakeml.train;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.Errors;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.BuildInfo;
import io.lakeml.internal.model.ArtefactFiles;
import io.lakeml.internal.model.LoadedModel;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.internal.runs.RunTracker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * reproduce: a registered version's recorded config, data version and partitioning -> the same
 * training again, in a scratch folder (checkpoints and pipeline there; nothing registered, no
 * production table touched) -> compared with the registered artefact bit for bit.
 */
public final class ReproduceJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReproduceJob.class);

  private final SparkSession spark;
  private final LakemlConfig current;
  private final LakemlHome home;
  private final Request request;
  private final RunTracker run;

  /**
   * What to reproduce and how.
   *
   * @param changes config keys deliberately changed in the reproduction (a what-if: expect DIFFERENT)
   * @param dataVersion another prepared data version to train on (a what-if as well)
   * @param strict refuse when this build's commit is not the recorded one
   * @param scratch where to train; default {@code <root>/scratch/<run id>}
   */
  public record Request(Optional<String> model, long version, boolean strict, Map<String, String> changes,
      Optional<Long> dataVersion, Optional<String> scratch, boolean keepScratch) {
    public Request {
      changes = Map.copyOf(changes);
    }
  }

  private ReproduceJob(SparkSession spark, LakemlConfig current, LakemlHome home, Request request, RunTracker run) {
    this.spark = spark;
    this.current = current;
    this.home = home;
    this.request = request;
    this.run = run;
  }

  public static ReproduceJob create(SparkSession spark, LakemlConfig current, LakemlHome home, Request request,
      RunTracker run) {
    return new ReproduceJob(spark, current, home, request, run);
  }

  public ReproduceResult run() {
    Lakehouse lakehouse = Lakehouse.of(current);
    String name = request.model().orElseGet(this::configuredModel);
    RecordedVersion rec = RecordedVersion.find(new ModelRegistry(spark, lakehouse), name, request.version());
    run.metric("reproduced", name + " v" + rec.version());
    List<String> notes = new ArrayList<>(commitNotes(rec));
    LakemlConfig recorded = recordedConfig(rec, lakehouse);
    request.changes().forEach((k, v) -> notes.add("deliberately changed: " + k + " = " + v));
    long dataVersion = request.dataVersion().orElse(rec.dataVersion());
    if (dataVersion != rec.dataVersion()) {
      notes.add("deliberately trained on data version " + dataVersion + " instead of " + rec.dataVersion());
    }
    String table = TableNames.prepared(recorded.requireDataset().name());
    checkReadable(lakehouse.tablePath(table), table, dataVersion, rec);
    String scratch = request.scratch().orElse(lakehouse.root() + "/scratch/" + run.runId());
    LOG.info("Reproducing {} v{} in {}", name, rec.version(), scratch);
    try {
      TrainJob.Fitted fitted = TrainJob.create(spark, recorded, Optional.of(dataVersion), run)
          .fit(scratch + "/checkpoints", false);
      return compare(rec, fitted, scratch, dataVersion, notes);
    } finally {
      if (!request.keepScratch()) {
        delete(scratch);
      }
    }
  }

  private ReproduceResult compare(RecordedVersion rec, TrainJob.Fitted fitted, String scratch, long dataVersion,
      List<String> notes) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    LoadedModel model = LoadedModel.load(spark, rec.artefactUri(), rec.artefactSha256());
    List<String> differences = new ArrayList<>();
    if (!fitted.input().contentHash().equals(rec.dataHash())) {
      differences.add("data: content hash of the training rows recorded " + rec.dataHash() + ", read now "
          + fitted.input().contentHash());
    }
    try {
      fitted.pipeline().write().overwrite().save(scratch + "/pipeline");
    } catch (IOException e) {
      throw Errors.storageFailed("write the reproduced feature pipeline to", scratch, e);
    }
    PipelineState.read(spark, rec.artefactUri() + "/pipeline").differenceFrom(PipelineState.read(spark, scratch + "/pipeline"))
        .ifPresent(differences::add);
    EpochComparison epochs = EpochComparison.of(
        ArtefactFiles.readText(hadoop, rec.artefactUri() + "/training-log.json").orElse("[]"), fitted.outcome().log());
    epochs.difference().ifPresent(differences::add);
    ParameterComparison params = ParameterComparison.of(model.params(), fitted.outcome().best());
    params.difference(model.confJson()).ifPresent(differences::add);
    ReproduceResult.Verdict verdict = differences.isEmpty() ? ReproduceResult.Verdict.IDENTICAL
        : ReproduceResult.Verdict.DIFFERENT;
    run.metric("verdict", verdict.name());
    run.metric("differences", differences.size());
    return new ReproduceResult(rec.name(), rec.version(), verdict, dataVersion, rec.gitCommit(),
        BuildInfo.current().gitCommit(), params.recorded(), epochs.compared(), differences, notes, scratch,
        request.keepScratch());
  }

  private String configuredModel() {
    if (current.dataset().isEmpty()) {
      throw Errors.noDatasetConfigured();
    }
    return current.train().modelName().orElse(current.requireDataset().name());
  }

  /** A note when the code differs from the recorded commit; with --strict, a refusal. */
  private List<String> commitNotes(RecordedVersion rec) {
    String now = BuildInfo.current().gitCommit();
    if (now.equals(rec.gitCommit())) {
      return List.of();
    }
    if (request.strict()) {
      throw Errors.commitDiffers(rec.name(), rec.version(), rec.gitCommit(), now);
    }
    String note = "trained at commit " + rec.gitCommit() + ", reproduced with " + now
        + ": a difference may come from the code (--strict refuses this)";
    LOG.warn(note);
    return List.of(note);
  }

  /** The recorded config as this build reads it, on this lakehouse, with the deliberate changes. */
  private LakemlConfig recordedConfig(RecordedVersion rec, Lakehouse lakehouse) {
    Map<String, String> sets = new LinkedHashMap<>(request.changes());
    sets.putIfAbsent("lakeml.lakehouse.root", lakehouse.root());
    try {
      ConfigLoader loader = ConfigLoader.create(home).recorded(rec.config());
      sets.forEach(loader::set);
      return loader.load();
    } catch (LakemlException e) {
      if (e.category() != ErrorCategory.USER) {
        throw e;
      }
      throw Errors.recordedConfigUnreadable(rec.name(), rec.version(), rec.gitCommit(), e.getMessage());
    }
  }

  /**
   * The data version's log is still there (Delta keeps it for {@code delta.logRetentionDuration})
   * and so is every file it reads (VACUUM removes them after {@code delta.deletedFileRetentionDuration}).
   */
  private void checkReadable(String path, String table, long version, RecordedVersion rec) {
    long latest = DeltaTables.latestVersion(spark, path).orElseThrow(() -> Errors.noPreparedData(table, path));
    if (version > latest) {
      return; // the train job says which versions exist
    }
    String[] files;
    try {
      files = spark.read().format("delta").option("versionAsOf", version).load(path).inputFiles();
    } catch (RuntimeException e) {
      throw Errors.trainingDataGone(table, version, rec.name(), rec.version(), retention(path), e);
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    for (String f : files) {
      Path p = new Path(f);
      try {
        if (!p.getFileSystem(hadoop).exists(p)) {
          throw Errors.trainingDataGone(table, version, rec.name(), rec.version(), retention(path),
              new java.io.FileNotFoundException("its file " + f + " was removed, as VACUUM does"));
        }
      } catch (IOException e) {
        throw Errors.storageFailed("check the training data file", f, e);
      }
    }
  }

  private String retention(String path) {
    Map<String, String> p = DeltaTables.properties(spark, path);
    return "delta.logRetentionDuration = " + p.getOrDefault("delta.logRetentionDuration", "interval 30 days (default)")
        + ", delta.deletedFileRetentionDuration = "
        + p.getOrDefault("delta.deletedFileRetentionDuration", "interval 1 week (default)");
  }

  private void delete(String scratch) {
    try {
      Path p = new Path(scratch);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(p, true);
    } catch (IOException e) {
      LOG.warn("Could not delete the scratch folder {}: {}", scratch, e.getMessage());
    }
  }
}
