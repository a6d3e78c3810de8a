package io.lakeml.evaluate;

/** One check of the evaluation gate, with the measured value and its limit. */
record GateCheck(String name, double value, double limit, boolean passed, String rule) {
  String describe() {
    return String.format(java.util.Locale.ROOT, "%s: %.4f (%s %.4f) %s", name, value, rule, limit, passed ? "passed" : "FAILED");
  }
}
