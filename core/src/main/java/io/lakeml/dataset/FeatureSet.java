package io.lakeml.dataset;

import java.util.ArrayList;
import java.util.List;

/** The model's inputs by kind; names refer to declared or derived columns. */
public record FeatureSet(List<String> numeric, List<String> categorical) {
  public List<String> all() {
    List<String> all = new ArrayList<>(numeric);
    all.addAll(categorical);
    return List.copyOf(all);
  }
}
