package io.lakeml.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model's inputs by kind; names refer to declared or derived columns. {@code encodings} say how
 * some numeric features enter the network (none: the value itself).
 */
public record FeatureSet(List<String> numeric, List<String> categorical, List<NumericEncoding> encodings) {
  public FeatureSet {
    numeric = List.copyOf(numeric);
    categorical = List.copyOf(categorical);
    encodings = List.copyOf(encodings);
  }

  public FeatureSet(List<String> numeric, List<String> categorical) {
    this(numeric, categorical, List.of());
  }

  public List<String> all() {
    List<String> all = new ArrayList<>(numeric);
    all.addAll(categorical);
    return List.copyOf(all);
  }

  /** How this numeric feature is encoded, if the config says. */
  public Optional<NumericEncoding> encoding(String column) {
    return encodings.stream().filter(e -> e.column().equals(column)).findFirst();
  }
}
