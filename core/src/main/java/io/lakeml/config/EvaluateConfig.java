package io.lakeml.config;

import io.lakeml.dataset.LabelKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the evaluate job: how a binary model's decision threshold is chosen, the slices
 * reported, the gate of each label kind (value thresholds, change thresholds against the
 * production version scored on the same rows, and margins against the baselines), and the
 * baselines fitted beside every candidate.
 */
public record EvaluateConfig(
    ThresholdRule threshold,
    Optional<String> sliceColumn,
    int sliceTopN,
    Map<LabelKind, GateConfig> gates,
    BaselineConfig baseline) {

  public static final String GATE = "lakeml.evaluate.gate";

  /** The gate for models of this kind. */
  public GateConfig gate(LabelKind kind) {
    return gates.get(kind);
  }

  static EvaluateConfig read(ConfigReader r) {
    String slice = r.string("lakeml.evaluate.slice-column").trim();
    Map<LabelKind, GateConfig> gates = new EnumMap<>(LabelKind.class);
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    for (LabelKind kind : LabelKind.values()) {
      kinds.add(kind.name().toLowerCase());
    }
    var root = r.config().getConfig(GATE).root();
    for (String key : root.keySet()) {
      if (!kinds.contains(key)) {
        String nearest = ConfigKeys.nearest(key, kinds);
        throw io.lakeml.errors.Errors.unknownConfigKey(GATE + "." + key, nearest == null ? null : GATE + "." + nearest,
            root.get(key).origin().description());
      }
    }
    for (LabelKind kind : LabelKind.values()) {
      gates.put(kind, GateConfig.read(r, GATE + "." + kind.name().toLowerCase(), kind));
    }
    r.freeForm(GATE); // metric names vary by kind: validated above against the catalog
    BaselineConfig baseline = BaselineConfig.read(r);
    for (LabelKind kind : LabelKind.values()) {
      if (baseline.models().isEmpty() && !gates.get(kind).maxWorseThanBaseline().isEmpty()) {
        String key = GATE + "." + kind.name().toLowerCase() + ".max-worse-than-baseline";
        throw io.lakeml.errors.Errors.invalidConfigValue(key, gates.get(kind).maxWorseThanBaseline(),
            "it bounds the candidate against baselines, but lakeml.evaluate.baseline.models is empty; list the "
                + "baselines to fit or remove the bound");
      }
    }
    return new EvaluateConfig(
        ThresholdRule.read(r),
        slice.isEmpty() ? Optional.empty() : Optional.of(slice),
        r.intAtLeast("lakeml.evaluate.slice-top-n", 1),
        java.util.Collections.unmodifiableMap(gates),
        baseline);
  }
}
