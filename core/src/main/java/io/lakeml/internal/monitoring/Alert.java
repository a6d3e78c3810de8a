package io.lakeml.internal.monitoring;

/**
 * Something a person should look at, raised by a job that carried on: a fallback to the previous
 * production model, a challenger that failed its health check.
 *
 * @param severity {@code critical} when production is not what serves, {@code warning} otherwise
 * @param kind a stable code to filter on, e.g. {@code fallback}
 */
public record Alert(String severity, String kind, String dataset, String modelName, Long modelVersion, String message) {
  public static Alert critical(String kind, String dataset, String modelName, Long version, String message) {
    return new Alert("critical", kind, dataset, modelName, version, message);
  }

  public static Alert warning(String kind, String dataset, String modelName, Long version, String message) {
    return new Alert("warning", kind, dataset, modelName, version, message);
  }
}
