package io.lakeml.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The measurements every benchmark takes: a step's wall time, the process CPU seconds so far
 * (steady where wall time on a shared VM is not), and the median of a sorted list of ratios.
 */
public final class BenchClock {
  private BenchClock() {}

  /** Wall seconds that {@code work} took. */
  public static double seconds(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** CPU seconds this JVM has used so far, all threads. */
  public static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  /** The median of already sorted values; NaN for none. */
  public static double median(List<Double> sorted) {
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
  }
}
