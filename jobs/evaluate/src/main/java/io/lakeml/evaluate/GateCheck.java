package io.lakeml.evaluate;

/**
 * One check of the evaluation gate, with the measured value and its limit. {@code rule} is the
 * comparison ({@code >=}, {@code <=}) or, for a built-in check, what it requires.
 */
record GateCheck(String name, double value, double limit, boolean passed, String rule) {
  String describe() {
    if (!rule.equals(">=") && !rule.equals("<=")) {
      return String.format(java.util.Locale.ROOT, "%s: %.4f (%s) %s", name, value, rule, passed ? "passed" : "FAILED");
    }
    String measured = Double.isNaN(value) ? "not measurable" : String.format(java.util.Locale.ROOT, "%.4f", value);
    return String.format(java.util.Locale.ROOT, "%s: %s (%s %.4f) %s", name, measured, rule, limit, passed ? "passed" : "FAILED");
  }
}
