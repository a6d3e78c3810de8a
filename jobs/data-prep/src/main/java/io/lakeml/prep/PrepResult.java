package io.lakeml.prep;

import io.lakeml.dataset.DateWindow;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one data-prep run found and wrote. Counts reconcile: {@code rowsRead = rowsAccepted +
 * rowsQuarantined}.
 *
 * @param preparedVersion the Delta version of prepared_&lt;dataset&gt; it committed (empty when a check
 *     failed and nothing was written)
 * @param reasons quarantined rows per reason code
 * @param notes plain-language remarks (first run without history, anomalies that only warn)
 */
public record PrepResult(
    String dataset,
    DateWindow window,
    long rowsRead,
    long rowsAccepted,
    long rowsQuarantined,
    Map<String, Long> reasons,
    List<CheckOutcome> outcomes,
    Optional<Long> preparedVersion,
    Optional<String> contentHash,
    long quarantineVersion,
    List<String> notes) {

  public boolean passed() {
    return outcomes.stream().noneMatch(CheckOutcome::fatal);
  }

  public List<CheckOutcome> failures() {
    return outcomes.stream().filter(o -> !o.passed()).toList();
  }

  /** The short human-readable summary printed at the end of a run. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("Data prep of %s (%s): %s%n", dataset, window, passed() ? "PASSED" : "FAILED"));
    b.append(String.format("  rows read %,d = accepted %,d + quarantined %,d%n", rowsRead, rowsAccepted, rowsQuarantined));
    reasons.forEach((code, n) -> b.append(String.format("    %-18s %,d%n", code, n)));
    long passedChecks = outcomes.stream().filter(CheckOutcome::passed).count();
    b.append(String.format("  checks: %d of %d passed%n", passedChecks, outcomes.size()));
    failures().forEach(o -> b.append("    ").append(o.fatal() ? "FAIL " : "warn ").append(o.check())
        .append(": ").append(o.describe()).append(System.lineSeparator()));
    preparedVersion.ifPresent(v -> b.append(String.format("  prepared_%s version %d, content sha256 %s%n",
        dataset, v, contentHash.orElse("?"))));
    notes.forEach(n -> b.append("  ").append(n).append(System.lineSeparator()));
    return b.toString();
  }
}
