package io.lakeml.internal.model;

import io.lakeml.dataset.LabelKind;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model predicts, as its artefact records it ({@code metadata.json}, {@code task}): the label
 * kind; for classifiers the classes in output order (binary: 0 then 1); for regression the
 * standardisation of the label the network was trained on (it predicts {@code (y - mean) / scale},
 * and serving maps the output back).
 */
public record ModelTask(LabelKind kind, List<String> classes, double labelMean, double labelScale)
    implements Serializable {

  public static ModelTask binary() {
    return new ModelTask(LabelKind.BINARY, List.of("0", "1"), 0, 1);
  }

  public static ModelTask multiclass(List<String> classes) {
    return new ModelTask(LabelKind.MULTICLASS, List.copyOf(classes), 0, 1);
  }

  public static ModelTask regression(double mean, double scale) {
    return new ModelTask(LabelKind.REGRESSION, List.of(), mean, scale);
  }

  /** Units of the network's output layer. */
  public int outputs() {
    return kind == LabelKind.REGRESSION ? 1 : classes.size();
  }

  public boolean classifier() {
    return kind != LabelKind.REGRESSION;
  }

  /** A regression network's output in the label's own units. */
  public double prediction(double networkOutput) {
    return networkOutput * labelScale + labelMean;
  }

  /** As written to the artefact's metadata. */
  public Map<String, Object> toMetadata() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind.name().toLowerCase());
    if (classifier()) {
      m.put("classes", classes);
    } else {
      m.put("label_mean", labelMean);
      m.put("label_scale", labelScale);
    }
    return m;
  }

  /** From an artefact's metadata; binary for artefacts written before the task was recorded. */
  @SuppressWarnings("unchecked")
  public static ModelTask fromMetadata(Object task) {
    if (!(task instanceof Map<?, ?> m)) {
      return binary();
    }
    LabelKind kind = LabelKind.valueOf(String.valueOf(m.get("kind")).toUpperCase());
    return switch (kind) {
      case BINARY -> binary();
      case MULTICLASS -> multiclass(((List<Object>) m.get("classes")).stream().map(String::valueOf).toList());
      case REGRESSION -> regression(((Number) m.get("label_mean")).doubleValue(), ((Number) m.get("label_scale")).doubleValue());
    };
  }
}
