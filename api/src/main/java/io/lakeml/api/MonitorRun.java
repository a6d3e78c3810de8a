package io.lakeml.api;

import java.util.List;

/**
 * One monitor run: dates monitored, alerts raised (on those dates), whether one was blocking, the
 * retraining requests it opened; {@code summary} is what the command line prints.
 */
public record MonitorRun(String runId, int dates, int alerts, boolean blocking, List<String> retrainRequests,
    String summary) {
  public MonitorRun {
    retrainRequests = List.copyOf(retrainRequests);
  }
}
