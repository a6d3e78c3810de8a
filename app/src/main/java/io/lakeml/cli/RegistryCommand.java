package io.lakeml.cli;

import static org.apache.spark.sql.functions.col;

import io.lakeml.api.HaltRolloutAction;
import io.lakeml.api.Lakeml;
import io.lakeml.api.PromoteAction;
import io.lakeml.api.PromoteRun;
import io.lakeml.api.RollbackAction;
import io.lakeml.api.RolloutAction;
import io.lakeml.internal.command.CommonOptions;
import io.lakeml.internal.command.HelpOption;
import io.lakeml.internal.command.OutputFormat;
import io.lakeml.internal.command.ResultPrinter;
import io.lakeml.internal.command.Sessions;
import io.lakeml.config.LakemlConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.registry.ModelRegistry;
import io.lakeml.registry.Rollout;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lakeml registry list|show|history|promote|rollback|rollout}; a version is named by
 * {@code --model-version N}, as in every other command.
 */
@Command(
    name = "registry",
    description = "Model versions and their stages: dev -> staging -> production -> archived.",
    subcommands = {
      RegistryCommand.ListVersions.class, RegistryCommand.Show.class, RegistryCommand.History.class,
      RegistryCommand.Promote.class, RegistryCommand.Rollback.class, RegistryCommand.RolloutCommand.class
    })
final class RegistryCommand implements Runnable {
  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Shared plumbing: config, session, registry, output. */
  abstract static class Base implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;
    LakemlConfig config;
    SparkSession spark;
    ModelRegistry registry;

    @Override
    public Integer call() {
      config = common.load();
      spark = Sessions.start(config, "registry");
      registry = new ModelRegistry(spark, Lakehouse.of(config));
      registry.repairEvents();
      return execute(spec.commandLine().getOut());
    }

    abstract int execute(PrintWriter out);

    /** The Java API on this command's configuration and session: what changes the registry goes through it. */
    Lakeml api() {
      return Lakeml.of(config, spark);
    }

    String modelName(String given) {
      return given != null ? given : config.train().modelName().orElseGet(() -> config.requireDataset().name());
    }
  }

  @Command(name = "list", description = "Every version with its stage.")
  static final class ListVersions extends Base {
    @Mixin HelpOption help;

    @Option(names = "--model", description = "Only this model.") String model;

    int execute(PrintWriter out) {
      Dataset<Row> v = registry.versions();
      if (model != null) {
        v = v.where(col("name").equalTo(model));
      }
      ResultPrinter.print(v.orderBy(col("name"), col("version").desc()).select("name", "version", "stage",
          "training_run_id", "metrics", "data_version", "expected_latency_ms_per_1000", "created_at"),
          OutputFormat.TABLE, 1000, out);
      return 0;
    }
  }

  @Command(name = "show", description = "One version's full record as JSON.")
  static final class Show extends Base {
    @Mixin HelpOption help;

    @Option(names = "--model-version", paramLabel = "N", required = true, description = "The version.") long version;
    @Option(names = "--model", description = "Model name (default: the dataset's).") String model;

    int execute(PrintWriter out) {
      String name = modelName(model);
      var rows = registry.versions().where(col("name").equalTo(name).and(col("version").equalTo(version)))
          .toJSON().collectAsList();
      if (rows.isEmpty()) {
        throw Errors.unknownModelVersion(name, version);
      }
      out.println(rows.get(0));
      out.flush();
      return 0;
    }
  }

  @Command(name = "history", description = "Every registration and transition, newest first.")
  static final class History extends Base {
    @Mixin HelpOption help;

    @Option(names = "--model", description = "Model name (default: the dataset's).") String model;

    int execute(PrintWriter out) {
      ResultPrinter.print(registry.events().where(col("name").equalTo(modelName(model))).orderBy(col("at").desc())
          .select("at", "version", "event", "from_stage", "to_stage", "who", "approved_by", "why", "run_id"),
          OutputFormat.TABLE, 1000, out);
      return 0;
    }
  }

  @Command(name = "promote", description = "staging -> production (needs --approved-by and --reason), or dev/staging -> archived.")
  static final class Promote extends Base {
    @Mixin HelpOption help;

    @Option(names = "--model-version", paramLabel = "N", required = true, description = "The version to move.")
    long version;
    @Option(names = "--to", required = true, description = "production or archived.") String to;
    @Option(names = "--approved-by", description = "Who approved it (required for production).") String approvedBy;
    @Option(names = "--reason", description = "Why (required for production).") String reason;
    @Option(names = "--model", description = "Model name (default: the dataset's).") String model;

    int execute(PrintWriter out) {
      PromoteAction action = api().promote(version).to(to);
      Optional.ofNullable(approvedBy).ifPresent(action::approvedBy);
      Optional.ofNullable(reason).ifPresent(action::reason);
      Optional.ofNullable(model).ifPresent(action::model);
      PromoteRun run = action.execute();
      out.printf(run.changed() ? "%s version %d is now %s%n" : "%s version %d is %s already: nothing changed%n",
          run.modelName(), run.version(), run.stage());
      out.flush();
      return 0;
    }
  }

  @Command(name = "rollback", description = "Make the previous production version current again, at once.")
  static final class Rollback extends Base {
    @Mixin HelpOption help;

    @Option(names = "--reason", required = true, description = "Why.") String reason;
    @Option(names = "--model", description = "Model name (default: the dataset's).") String model;

    int execute(PrintWriter out) {
      RollbackAction action = api().rollback().reason(reason);
      Optional.ofNullable(model).ifPresent(action::model);
      PromoteRun run = action.execute();
      out.printf("%s version %d is production again%n", run.modelName(), run.version());
      out.flush();
      return 0;
    }
  }

  @Command(name = "rollout", description = "Serve a staging version as challenger to a growing share of rows by "
      + "scoring date (the monitor halts it when it is worse than production), or --halt the active rollout.")
  static final class RolloutCommand extends Base {
    @Mixin HelpOption help;

    @Option(names = "--model-version", paramLabel = "N", description = "The staging version to roll out.") Long version;
    @Option(names = "--steps", paramLabel = "P1,P2,..", description = "Its share of rows in percent at each step, "
        + "increasing, e.g. 10,50.") String steps;
    @Option(names = "--days-per-step", paramLabel = "N", defaultValue = "1", description = "Scoring dates each step "
        + "lasts (the last lasts until promotion or a halt; default 1).") int daysPerStep;
    @Option(names = "--start", paramLabel = "DATE", description = "The first scoring date of the first step "
        + "(default: today, UTC).") String start;
    @Option(names = "--approved-by", description = "Who approved it (required to start).") String approvedBy;
    @Option(names = "--reason", description = "Why (required).") String reason;
    @Option(names = "--halt", description = "Halt the active rollout instead: the champion serves every row of "
        + "the dates after --date.") boolean halt;
    @Option(names = "--date", paramLabel = "DATE", description = "With --halt: the last scoring date the challenger "
        + "keeps its share (default: yesterday, UTC).") String date;
    @Option(names = "--model", description = "Model name (default: the dataset's).") String model;

    int execute(PrintWriter out) {
      java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
      if (halt) {
        HaltRolloutAction action = api().haltRollout().reason(reason)
            .lastDate(date == null ? today.minusDays(1) : parse("--date", date));
        Optional.ofNullable(model).ifPresent(action::model);
        Rollout r = action.execute();
        out.printf("Rollout of %s version %d halted: from %s the champion serves every row%n", r.name(), r.version(),
            r.haltedOn().orElseThrow().plusDays(1));
      } else {
        if (version == null || steps == null) {
          throw Errors.invalidArgument(version == null ? "--model-version" : "--steps", "(none)",
              "starting a rollout needs --model-version N and --steps P1,P2,..");
        }
        RolloutAction action = api().rollout(version).steps(Rollout.steps(steps).toArray(Integer[]::new))
            .daysPerStep(daysPerStep).start(start == null ? today : parse("--start", start)).reason(reason);
        Optional.ofNullable(approvedBy).ifPresent(action::approvedBy);
        Optional.ofNullable(model).ifPresent(action::model);
        Rollout r = action.execute();
        out.printf("Rolling out %s version %d as challenger: %s; then 'lakeml registry promote --model-version %d "
            + "--to production --approved-by WHO --reason WHY'%n", r.name(), r.version(), r.schedule(), r.version());
      }
      out.flush();
      return 0;
    }

    private static java.time.LocalDate parse(String option, String value) {
      try {
        return java.time.LocalDate.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw Errors.invalidArgument(option, value, "must be a date as YYYY-MM-DD");
      }
    }
  }
}
