package io.lakeml.dataset;

import java.util.List;

/**
 * How a numeric feature enters the network, before imputation and standardisation (declared in the
 * dataset config's {@code features.encodings}): {@link Kind#LOG} for skewed values (distances,
 * amounts, counts), {@link Kind#CYCLIC} for values that wrap around (an hour of the day, a day of
 * the year), so that 23:00 and 00:00 are neighbours.
 */
public record NumericEncoding(String column, Kind kind, double period) implements java.io.Serializable {
  public enum Kind {
    /** sign(x) * ln(1 + |x|): one feature, defined for every x, 0 at 0. */
    LOG,
    /** sin(2 pi x / period) and cos(2 pi x / period): two features. */
    CYCLIC
  }

  public static NumericEncoding log(String column) {
    return new NumericEncoding(column, Kind.LOG, 0);
  }

  public static NumericEncoding cyclic(String column, double period) {
    return new NumericEncoding(column, Kind.CYCLIC, period);
  }

  /** The network inputs this encoding makes of its column, as Spark SQL over {@code x}, a double. */
  public List<String> sql(String x) {
    return switch (kind) {
      case LOG -> List.of("signum(" + x + ") * log1p(abs(" + x + "))");
      case CYCLIC -> List.of("sin(" + angle(x) + ")", "cos(" + angle(x) + ")");
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
    };
  }

  public int width() {
    return kind == Kind.CYCLIC ? 2 : 1;
  }

  private String angle(String x) {
    return "2.0D * pi() * " + x + " / " + Double.toString(period) + "D";
  }
}
