package io.lakeml.config;

/** ND4J/DL4J runtime settings. @param ompNumThreads OpenMP threads per JVM (driver and executors) */
public record Dl4jConfig(int ompNumThreads) {
  static Dl4jConfig read(ConfigReader r) {
    return new Dl4jConfig(r.intAtLeast("lakeml.dl4j.omp-num-threads", 1));
  }
}
