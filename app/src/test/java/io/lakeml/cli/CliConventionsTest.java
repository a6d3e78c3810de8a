package io.lakeml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.internal.command.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Every command and subcommand, found in picocli's own model of the CLI, follows one convention:
 * help works, an unknown or misplaced option is a USER error (exit 2), no subcommand has a
 * {@code --version} that would exit 0 without doing its work, and a model version is always
 * {@code --model-version N}. A command added later is checked without changing this test.
 */
class CliConventionsTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CliRun cli = new CliRun();
    int code = cli.run(args);
    return new Result(code, cli.out.toString(), cli.err.toString());
  }

  static List<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    walk(ExitCodes.commandLine(new LakemlCommand()).getCommandSpec(), new ArrayList<>(), all);
    return all;
  }

  private static void walk(CommandSpec spec, List<String> path, List<List<String>> all) {
    for (var e : spec.subcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue; // picocli's own help command
      }
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      all.add(sub);
      walk(e.getValue().getCommandSpec(), sub, all);
    }
  }

  static String[] with(List<String> path, String... more) {
    List<String> args = new ArrayList<>(path);
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void theModelOfTheCliHasEveryCommand() {
    assertThat(commands()).contains(List.of("prep"), List.of("train"), List.of("evaluate"), List.of("score"),
        List.of("registry", "promote"), List.of("registry", "rollback"), List.of("demo"), List.of("sql"));
  }

  @Test
  void everyCommandHasHelp() {
    for (List<String> path : commands()) {
      Result r = run(with(path, "--help"));
      assertThat(r.code()).as(String.join(" ", path)).isZero();
      assertThat(r.out()).as(String.join(" ", path)).contains("Usage: lakeml " + String.join(" ", path));
    }
  }

  @Test
  void anUnknownOptionIsAUserErrorEverywhere() {
    for (List<String> path : commands()) {
      Result r = run(with(path, "--no-such-option"));
      assertThat(r.code()).as(String.join(" ", path)).isEqualTo(2);
      // picocli names a missing required option first, when the command has one
      assertThat(r.err()).as(String.join(" ", path)).containsAnyOf("--no-such-option", "Missing required");
    }
  }

  @Test
  void onlyTheTopLevelCommandHasAVersionOption() {
    Result top = run("--version");
    assertThat(top.code()).isZero();
    assertThat(top.out()).startsWith("lakeml ").contains("commit");
    for (List<String> path : commands()) {
      for (String flag : List.of("--version", "-V")) {
        Result r = run(with(path, flag, "1"));
        assertThat(r.code()).as(String.join(" ", path) + " " + flag).isEqualTo(2);
      }
    }
  }

  @Test
  void aModelVersionIsNamedTheSameWayInEveryCommand() {
    for (List<String> path : commands()) {
      CommandSpec spec = spec(path);
      boolean namesAVersion = spec.options().stream().anyMatch(o -> o.paramLabel().equals("N") && o.longestName().contains("version"));
      if (namesAVersion) {
        assertThat(spec.findOption("--model-version")).as(String.join(" ", path)).isNotNull();
      }
      assertThat(spec.positionalParameters()).as(String.join(" ", path) + ": no positional version")
          .noneMatch(p -> p.paramLabel().toUpperCase().contains("VERSION"));
    }
    Result promote = run("registry", "promote", "--to", "production", "--approved-by", "a", "--reason", "r");
    assertThat(promote.code()).isEqualTo(2);
    assertThat(promote.err()).contains("Missing required option: '--model-version=N'");
  }

  private static CommandSpec spec(List<String> path) {
    CommandLine cli = ExitCodes.commandLine(new LakemlCommand());
    for (String name : path) {
      cli = cli.getSubcommands().get(name);
    }
    return cli.getCommandSpec();
  }
}
