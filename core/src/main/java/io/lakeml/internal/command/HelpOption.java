package io.lakeml.internal.command;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for a subcommand. Subcommands take no {@code --version}: picocli's standard
 * one prints a version and exits 0 without doing the command's work, which once turned
 * {@code registry promote --version 1} into a silent no-op. {@code lakeml --version} prints lakeml's.
 */
public final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
}
