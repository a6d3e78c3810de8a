package io.lakeml.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ExitCodesTest {
  @Command(name = "dated")
  static final class Dated implements Runnable {
    @Mixin WindowOptions dates;
    LocalDate seen;

    @Override
    public void run() {
      seen = dates.window().from().orElseThrow();
    }
  }

  private int run(Dated command, StringWriter err, String... args) {
    CommandLine line = ExitCodes.commandLine(command);
    line.setErr(new PrintWriter(err));
    return line.execute(args);
  }

  @Test
  void aDateThatIsNoDateIsAUserErrorThatSaysWhatADateLooksLike() {
    StringWriter err = new StringWriter();
    assertThat(run(new Dated(), err, "--date", "2026-02-30")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '--date': '2026-02-30' is not a calendar date (Invalid date 'FEBRUARY 30')")
        .contains("expected yyyy-MM-dd")
        .doesNotContain("java.time").doesNotContain("DateTimeParseException");
    StringWriter other = new StringWriter();
    assertThat(run(new Dated(), other, "--date", "yesterday")).isEqualTo(2);
    assertThat(other.toString()).contains("'yesterday' is not a calendar date: expected yyyy-MM-dd");
  }

  @Test
  void aRealDateParses() {
    Dated command = new Dated();
    assertThat(run(command, new StringWriter(), "--date", "2024-02-29")).isZero();
    assertThat(command.seen).isEqualTo(LocalDate.of(2024, 2, 29));
  }
}
