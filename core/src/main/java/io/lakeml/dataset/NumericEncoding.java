package io.lakeml.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * How a numeric feature enters the network, before imputation and standardisation (declared in the
 * dataset config's {@code features.encodings}): {@link Kind#LOG} for skewed values (distances,
 * amounts, counts), {@link Kind#CYCLIC} for values that wrap around (an hour of the day, a day of
 * the year), so that 23:00 and 00:00 are neighbours, {@link Kind#BUCKETS} for values whose effect
 * changes by range rather than smoothly (an age band, a departure time of day).
 */
public record NumericEncoding(String column, Kind kind, double period, List<Double> edges) implements java.io.Serializable {
  public enum Kind {
    /** sign(x) * ln(1 + |x|): one feature, defined for every x, 0 at 0. */
    LOG,
    /** sin(2 pi x / period) and cos(2 pi x / period): two features. */
    CYCLIC,
    /**
     * One indicator per range between increasing edges e1 < ... < en: x < e1, e1 <= x < e2, ...,
     * x >= en (n + 1 features); a missing x stays missing in each (and is imputed).
     */
    BUCKETS
  }

  public NumericEncoding {
    edges = List.copyOf(edges);
  }

  public static NumericEncoding log(String column) {
    return new NumericEncoding(column, Kind.LOG, 0, List.of());
  }

  public static NumericEncoding cyclic(String column, double period) {
    return new NumericEncoding(column, Kind.CYCLIC, period, List.of());
  }

  public static NumericEncoding buckets(String column, List<Double> edges) {
    return new NumericEncoding(column, Kind.BUCKETS, 0, edges);
  }

  /** The network inputs this encoding makes of its column, as Spark SQL over {@code x}, a double. */
  public List<String> sql(String x) {
    return switch (kind) {
      case LOG -> List.of("signum(" + x + ") * log1p(abs(" + x + "))");
      case CYCLIC -> List.of("sin(" + angle(x) + ")", "cos(" + angle(x) + ")");
      case BUCKETS -> bucketsSql(x);
    };
  }

  /**
   * The same inputs in Java, with the functions Spark evaluates those expressions with ({@code
   * Signum}, {@code Log1p}: {@code StrictMath.log1p}; {@code Sin}, {@code Cos}: {@code Math}), so
   * that the compiled scoring path gives the pipeline's values bit for bit.
   */
  public double apply(int part, double x) {
    return switch (kind) {
      case LOG -> Math.signum(x) * StrictMath.log1p(Math.abs(x));
      case CYCLIC -> part == 0 ? Math.sin(2 * Math.PI * x / period) : Math.cos(2 * Math.PI * x / period);
      case BUCKETS -> Double.isNaN(x) ? x : inBucket(part, x) ? 1.0 : 0.0;
    };
  }

  public int width() {
    return switch (kind) {
      case LOG -> 1;
      case CYCLIC -> 2;
      case BUCKETS -> edges.size() + 1;
    };
  }

  private boolean inBucket(int part, double x) {
    boolean aboveLower = part == 0 || x >= edges.get(part - 1);
    boolean belowUpper = part == edges.size() || x < edges.get(part);
    return aboveLower && belowUpper;
  }

  /** Null and NaN stay as they are, so the imputer treats them as missing, as the Java path does. */
  private List<String> bucketsSql(String x) {
    List<String> parts = new ArrayList<>();
    for (int part = 0; part <= edges.size(); part++) {
      List<String> bounds = new ArrayList<>();
      if (part > 0) {
        bounds.add(x + " >= " + literal(edges.get(part - 1)));
      }
      if (part < edges.size()) {
        bounds.add(x + " < " + literal(edges.get(part)));
      }
      parts.add("CASE WHEN " + x + " IS NULL OR isnan(" + x + ") THEN " + x + " WHEN " + String.join(" AND ", bounds)
          + " THEN 1.0D ELSE 0.0D END");
    }
    return List.copyOf(parts);
  }

  private String angle(String x) {
    return "2.0D * pi() * " + x + " / " + literal(period);
  }

  private static String literal(double value) {
    return Double.toString(value) + "D";
  }
}
