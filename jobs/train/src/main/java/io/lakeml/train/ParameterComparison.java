package io.lakeml.train;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two parameter vectors compared bit for bit (by their IEEE 754 bits, so -0.0 differs from 0.0 and
 * a NaN only equals the same NaN); a difference is described by the first differing parameter's
 * place in the network ({@code layer 1 W[3,7]}), both values, and how many differ and by how much.
 */
record ParameterComparison(int recorded, int reproduced, int differing, int first, float recordedValue,
    float reproducedValue, double maxAbsDifference) {

  static ParameterComparison of(float[] recorded, float[] reproduced) {
    int n = Math.min(recorded.length, reproduced.length);
    int differing = 0;
    int first = -1;
    double max = 0;
    for (int i = 0; i < n; i++) {
      if (Float.floatToRawIntBits(recorded[i]) != Float.floatToRawIntBits(reproduced[i])) {
        differing++;
        first = first < 0 ? i : first;
        max = Math.max(max, Math.abs((double) recorded[i] - reproduced[i]));
      }
    }
    return new ParameterComparison(recorded.length, reproduced.length, differing, first,
        first < 0 ? 0 : recorded[first], first < 0 ? 0 : reproduced[first], max);
  }

  boolean identical() {
    return recorded == reproduced && differing == 0;
  }

  /** What differs, naming the first differing parameter in {@code conf}'s layout; empty when identical. */
  Optional<String> difference(String confJson) {
    if (recorded != reproduced) {
      return Optional.of(String.format(Locale.ROOT, "parameter count: recorded %,d, reproduced %,d", recorded, reproduced));
    }
    if (differing == 0) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT,
        "parameters: %,d of %,d differ; the first is #%d (%s): recorded %s, reproduced %s (difference %.3g); "
            + "largest difference %.3g", differing, recorded, first, place(confJson, first),
        Float.toString(recordedValue), Float.toString(reproducedValue),
        Math.abs((double) recordedValue - reproducedValue), maxAbsDifference));
  }

  /** Where flat parameter {@code index} lives: the layer, W or b, and its row and column. */
  static String place(String confJson, int index) {
    MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(confJson));
    net.init();
    long offset = 0;
    for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
      long length = e.getValue().length();
      if (index < offset + length) {
        long k = index - offset; // flattened in Fortran order, as DL4J stores parameters
        String[] key = e.getKey().split("_", 2);
        long rows = e.getValue().rank() == 2 ? e.getValue().size(0) : 1;
        return e.getValue().rank() == 2 && rows > 1
            ? String.format(Locale.ROOT, "layer %s %s[%d,%d]", key[0], key[1], k % rows, k / rows)
            : String.format(Locale.ROOT, "layer %s %s[%d]", key[0], key[1], k);
      }
      offset += length;
    }
    return "beyond the network's " + offset + " parameters";
  }
}
