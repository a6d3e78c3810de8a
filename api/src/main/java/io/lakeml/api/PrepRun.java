package io.lakeml.api;

import java.util.Map;

/**
 * What a prep run did: rows read = accepted + quarantined, the reasons of the rejected rows, and
 * the committed version of {@code prepared_<dataset>} with its content hash; {@code summary} is the
 * job's report as the command line prints it.
 */
public record PrepRun(String runId, long rowsRead, long rowsAccepted, long rowsQuarantined,
    Map<String, Long> reasons, long preparedVersion, String contentHash, String summary) {
  public PrepRun {
    reasons = Map.copyOf(reasons);
  }
}
