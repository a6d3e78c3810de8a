package io.lakeml.train;

import java.util.List;
import java.util.Locale;

/**
 * What {@code lakeml reproduce} found: IDENTICAL when the retrained parameters, the feature
 * pipeline's fitted state, the per-epoch losses and the training data's content hash all equal
 * the recorded ones; otherwise DIFFERENT, with the first difference of each kind.
 *
 * @param differences one line per kind of difference (data, pipeline, training log, parameters)
 * @param notes warnings that do not decide the verdict (another commit, deliberate changes)
 * @param scratch where the reproduction was trained (deleted unless kept)
 */
public record ReproduceResult(String modelName, long version, Verdict verdict, long dataVersion, String recordedCommit,
    String currentCommit, long parameters, int epochsCompared, List<String> differences, List<String> notes,
    String scratch, boolean scratchKept) {

  /** IDENTICAL or DIFFERENT. */
  public enum Verdict { IDENTICAL, DIFFERENT }

  public ReproduceResult {
    differences = List.copyOf(differences);
    notes = List.copyOf(notes);
  }

  public boolean identical() {
    return verdict == Verdict.IDENTICAL;
  }

  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Reproduced %s version %d from prepared data version %d: %s%n", modelName,
        version, dataVersion, verdict));
    notes.forEach(n -> b.append("  note: ").append(n).append(System.lineSeparator()));
    if (identical()) {
      b.append(String.format(Locale.ROOT, "  %,d parameters bit for bit, the feature pipeline's fitted state, "
          + "the losses of %d epoch(s) and the data's content hash are the same%n", parameters, epochsCompared));
    }
    differences.forEach(d -> b.append("  differs: ").append(d).append(System.lineSeparator()));
    b.append("  scratch ").append(scratch).append(scratchKept ? " (kept)" : " (deleted)").append(System.lineSeparator());
    return b.toString();
  }
}
