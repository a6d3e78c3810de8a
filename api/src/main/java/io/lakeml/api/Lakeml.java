package io.lakeml.api;

import io.lakeml.internal.command.Sessions;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlConfig;
import io.lakeml.config.LakemlHome;
import io.lakeml.errors.Errors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * lakeml from Java code: one configuration (a lakehouse and a dataset) and a Spark session, and
 * each job as an action, a builder whose {@code execute()} runs the job with its lineage and
 * returns an immutable result. The command line runs the same jobs.
 *
 * <pre>{@code
 * Lakeml lakeml = Lakeml.builder().configFile(Path.of("conf/datasets/penguins.conf"))
 *     .set("lakeml.lakehouse.root", "s3a://bucket/lakehouse").build();
 * PrepRun prep = lakeml.prep().execute();
 * TrainRun train = lakeml.train().execute();
 * EvaluateRun eval = lakeml.evaluate().modelVersion(train.version()).execute();
 * if (eval.passed()) {
 *   lakeml.promote(train.version()).approvedBy("ana").reason("beats v3 on recall").execute();
 *   ScoreRun scored = lakeml.score().date(LocalDate.now()).execute();
 * }
 * }</pre>
 */
public final class Lakeml {
  private final ConfigSource source;
  private final LakemlConfig config;
  private final SparkSession spark;
  private final LakemlHome home;

  private Lakeml(ConfigSource source, LakemlConfig config, SparkSession spark, LakemlHome home) {
    this.source = source;
    this.config = config;
    this.spark = spark;
    this.home = home;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** For code that loads its configuration itself and holds a session (the command line does). */
  public static Lakeml of(ConfigSource source, SparkSession spark) {
    return new Lakeml(source, source.load(Map.of()), spark, LakemlHome.fromEnvironment());
  }

  /**
   * For code that holds a loaded configuration and a session. Such a {@link Lakeml} cannot add
   * settings to it: training on a retraining request's window or with a tuned network needs
   * {@link #builder()} or {@link #of(ConfigSource, SparkSession)}.
   */
  public static Lakeml of(LakemlConfig config, SparkSession spark) {
    return of(overrides -> {
      if (!overrides.isEmpty()) {
        throw Errors.invalidArgument("Lakeml.of(LakemlConfig, SparkSession)", overrides.keySet(),
            "a configuration that can take more settings: use Lakeml.builder() or Lakeml.of(ConfigSource, SparkSession)");
      }
      return config;
    }, spark);
  }

  /** The resolved configuration every action runs with. */
  public LakemlConfig config() {
    return config;
  }

  /** The Spark session every action runs on. */
  public SparkSession spark() {
    return spark;
  }

  public PrepAction prep() {
    return new PrepAction(spark, config);
  }

  public TrainAction train() {
    return new TrainAction(spark, config, source);
  }

  public TuneAction tune() {
    return new TuneAction(spark, config);
  }

  public EvaluateAction evaluate() {
    return new EvaluateAction(spark, config);
  }

  /** Moves {@code version} of the configured model to production (or another stage). */
  public PromoteAction promote(long version) {
    return new PromoteAction(spark, config, version);
  }

  /** Makes the previous production version of the configured model current again. */
  public RollbackAction rollback() {
    return new RollbackAction(spark, config);
  }

  /** A gradual rollout of a staging version as challenger (steps, days per step, approval). */
  public RolloutAction rollout(long version) {
    return new RolloutAction(spark, config, version);
  }

  /** Halts the configured model's active rollout (monitoring halts a worse challenger by itself). */
  public HaltRolloutAction haltRollout() {
    return new HaltRolloutAction(spark, config);
  }

  public ScoreAction score() {
    return new ScoreAction(spark, config);
  }

  public MonitorAction monitor() {
    return new MonitorAction(spark, config);
  }

  public DashboardAction dashboard() {
    return new DashboardAction(spark, config);
  }

  /** Retrains {@code version} of the configured model as recorded and compares it bit for bit. */
  public ReproduceAction reproduce(long version) {
    return new ReproduceAction(spark, config, home, version);
  }

  /** How a {@link Lakeml} is configured: the same files and {@code --set}s as the command line. */
  public static final class Builder {
    private Path home = Path.of("").toAbsolutePath();
    private final List<Path> files = new ArrayList<>();
    private final List<String> sets = new ArrayList<>();
    private SparkSession spark;

    private Builder() {}

    /** Where relative paths in the configuration resolve (default: the working directory). */
    public Builder home(Path home) {
      this.home = home;
      return this;
    }

    /** A configuration file (a dataset config, or one that includes it); later files win. */
    public Builder configFile(Path file) {
      files.add(file);
      return this;
    }

    /** One setting, as {@code --set key=value} would give it; wins over files. */
    public Builder set(String key, String value) {
      sets.add(key + "=" + value);
      return this;
    }

    /** The session to run on (default: one started from {@code lakeml.spark.*}). */
    public Builder spark(SparkSession spark) {
      this.spark = spark;
      return this;
    }

    /** Loads and validates the configuration: a USER error names any bad key. */
    public Lakeml build() {
      List<Path> given = List.copyOf(files);
      List<String> assignments = List.copyOf(sets);
      LakemlHome at = new LakemlHome(home);
      ConfigSource source = overrides -> {
        ConfigLoader loader = ConfigLoader.create(at);
        given.forEach(loader::file);
        loader.setAll(assignments);
        overrides.forEach(loader::set);
        return loader.load();
      };
      LakemlConfig config = source.load(Map.of()); // a bad key fails here, before Spark starts
      return new Lakeml(source, config, spark != null ? spark : Sessions.start(config, "api"), at);
    }
  }
}
