package io.lakeml.internal.spark;

import io.lakeml.errors.Errors;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Observation;

/**
 * Reads the metrics of a {@link Observation} once the action that carried it has run. Spark hands
 * them over through its asynchronous listener bus, normally within milliseconds of the action's
 * end; {@link Observation#get} would wait forever for an event the bus dropped (it drops events
 * when its queue is full), so the wait here is bounded and ends in an INTERNAL error naming what
 * was observed.
 */
public final class Observations {
  static final Duration WAIT = Duration.ofMinutes(2);

  private Observations() {}

  /** The observed metrics by name; {@code what} names the observation in the error. */
  public static Map<String, Object> await(Observation observation, String what) {
    CompletableFuture<Map<String, Object>> metrics = CompletableFuture.supplyAsync(() -> {
      try {
        return observation.getAsJava();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    try {
      return metrics.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw Errors.observationLost(what, WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.internal("waiting for the metrics observed during " + what, e);
    } catch (ExecutionException e) {
      throw Errors.internal("reading the metrics observed during " + what, e.getCause());
    }
  }
}
