package io.lakeml.internal.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lineage.BuildInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in flight, one small marker file each under {@code <root>/runs-open/}, written when a run
 * starts and removed once its manifest is in the ledger. A run whose JVM is killed (SIGKILL, an
 * out-of-memory kill, a lost driver) can record nothing itself; the next run on the lakehouse finds
 * its marker, sees that its driver process is gone, and records it in the ledger as FAILED
 * (EXTERNAL: a rerun can fix it). So the ledger has a complete row for every run that started.
 *
 * <p>A driver is known to be gone only when it ran on this host: its process id is no longer
 * alive, or now belongs to a process started at another time. Markers of drivers on other hosts
 * are left alone (they may still be running).
 */
public final class OpenRuns {
  static final String FOLDER = "runs-open";
  static final String HOST = "driver.host";
  static final String PID = "driver.pid";
  static final String PROCESS_STARTED = "driver.process_started";
  private static final Logger LOG = LoggerFactory.getLogger(OpenRuns.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Path folder;

  public OpenRuns(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.folder = new Path(lakehouse.root() + "/" + FOLDER);
  }

  /** Writes the marker of a run that has just started, naming its driver process. */
  public void opened(RunTracker run) {
    ObjectNode marker = JSON.createObjectNode();
    marker.put("run_id", run.runId());
    marker.put("job", run.job());
    marker.put("config_sha256", run.config().resolved().sha256());
    marker.put("config", run.config().resolved().json());
    run.config().resolved().sources().forEach(marker.putArray("config_sources")::add);
    BuildInfo build = BuildInfo.current();
    marker.put("lakeml_version", build.version());
    marker.put("git_commit", build.gitCommit());
    marker.put("git_dirty", build.gitDirty());
    marker.put("spark_app_id", run.sparkAppId());
    marker.put("started_at", run.startedAt().toString());
    ObjectNode driver = marker.putObject("driver");
    driver.put(HOST, hostName());
    driver.put(PID, String.valueOf(ProcessHandle.current().pid()));
    driver.put(PROCESS_STARTED, processStart(ProcessHandle.current()));
    try (var out = fs().create(marker(run.runId()), true)) {
      out.write(JSON.writeValueAsBytes(marker));
    } catch (IOException e) {
      // The run itself does not depend on it: only a kill of this run would then go unrecorded.
      LOG.warn("Cannot write the open-run marker {} ({}); if this run is killed, the ledger will not show it",
          marker(run.runId()), e.getMessage());
    }
  }

  /** Removes the marker of a run whose manifest is in the ledger. */
  public void closed(String runId) {
    try {
      fs().delete(marker(runId), false);
    } catch (IOException e) {
      LOG.warn("Cannot remove the open-run marker of {} ({}); the next run removes it", runId, e.getMessage());
    }
  }

  /**
   * Records in {@code ledger} every open run whose driver on this host is gone, as FAILED, and
   * removes its marker; returns their run ids. A run already in the ledger (it ended but its marker
   * was not removed yet) is not recorded twice.
   */
  public List<String> recordDead(RunLedger ledger, String foundBy) {
    try {
      return recordDeadOrThrow(ledger, foundBy);
    } catch (RuntimeException e) {
      // Recording another run's death must never stop this run; the next run tries again.
      LOG.warn("Cannot record the runs that ended without recording their end ({})", e.toString());
      return List.of();
    }
  }

  private List<String> recordDeadOrThrow(RunLedger ledger, String foundBy) {
    List<String> dead = new ArrayList<>();
    for (JsonNode marker : markers()) {
      JsonNode driver = marker.path("driver");
      if (!isGone(driver)) {
        continue;
      }
      String runId = marker.path("run_id").asText();
      ledger.appendUnlessRecorded(abandoned(marker, foundBy));
      closed(runId);
      dead.add(runId);
      LOG.warn("Run {} ({}) ended without recording its end: its driver (pid {}) is gone. Recorded as FAILED.", runId,
          marker.path("job").asText(), driver.path(PID).asText());
    }
    return dead;
  }

  private List<JsonNode> markers() {
    List<JsonNode> found = new ArrayList<>();
    try {
      if (!fs().exists(folder)) {
        return found;
      }
      for (FileStatus f : fs().listStatus(folder)) {
        try (var in = fs().open(f.getPath())) {
          found.add(JSON.readTree(in.readAllBytes()));
        } catch (IOException e) {
          // A marker cut short when its writer was killed while writing it: that run never began its work.
          LOG.warn("Skipping the unreadable open-run marker {} ({})", f.getPath(), e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the open-run markers in " + folder, e);
    }
    return found;
  }

  static boolean isGone(JsonNode driver) {
    if (!hostName().equals(driver.path(HOST).asText())) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(driver.path(PID).asText("-1")));
    return process.isEmpty() || !processStart(process.get()).equals(driver.path(PROCESS_STARTED).asText());
  }

  private static RunManifest abandoned(JsonNode m, String foundBy) {
    List<String> sources = new ArrayList<>();
    m.path("config_sources").forEach(s -> sources.add(s.asText()));
    Map<String, String> driver = JSON.convertValue(m.path("driver"),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
    BuildInfo build = new BuildInfo(m.path("lakeml_version").asText(), m.path("git_commit").asText(),
        m.path("git_dirty").asBoolean());
    return new RunManifest(m.path("run_id").asText(), m.path("job").asText(), build,
        m.path("config_sha256").asText(), m.path("config").asText(), sources, List.of(), List.of(),
        m.path("spark_app_id").asText(), Instant.parse(m.path("started_at").asText()), Instant.now(), RunStatus.FAILED,
        Optional.of(ErrorCategory.EXTERNAL),
        Optional.of("The run ended without recording its end: its driver process (pid " + driver.get(PID) + " on "
            + driver.get(HOST) + ") is gone, killed or lost. Found by run " + foundBy + "; rerun the job."),
        driver);
  }

  private Path marker(String runId) {
    return new Path(folder, runId + ".json");
  }

  private FileSystem fs() throws IOException {
    return folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  private static String processStart(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toString).orElse("");
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }
}
