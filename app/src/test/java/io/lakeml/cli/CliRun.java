package io.lakeml.cli;

import io.lakeml.internal.command.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The lakeml command line run in-process as a test drives it, its output and errors kept. */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Runs one command line; returns its exit code. */
  int run(String... args) {
    CommandLine cli = ExitCodes.commandLine(new LakemlCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
