package io.lakeml.evaluate;

import io.lakeml.dataset.LabelKind;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.model.ArtefactFiles;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** A readable evaluation report per version and run, in Markdown, under {@code <root>/reports/}. */
final class Report {
  private Report() {}

  static String write(SparkSession spark, Lakehouse lakehouse, EvaluationResult r, String runId,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> scored) {
    String dir = lakehouse.reportsRoot() + "/" + r.name() + "/" + r.version() + "/" + runId;
    boolean binary = r.task().kind() == LabelKind.BINARY;
    if (binary) {
      Plots.write(spark.sparkContext().hadoopConfiguration(), dir, scored);
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "# Evaluation of %s version %d%n%nRun `%s`, a %s model. Verdict: **%s**.%n%n",
        r.name(), r.version(), runId, r.task().kind().name().toLowerCase(Locale.ROOT), r.verdict()));
    b.append("## Metrics on the test split\n\n| metric | value |\n|---|---|\n");
    r.metrics().forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %.4f |%n", k, v)));
    r.threshold().ifPresent(t -> b.append(String.format(Locale.ROOT,
        "%nDecision threshold %.4f, chosen on the validation split (%s); the metrics at a threshold use it.%n",
        t.threshold(), t.reason())));
    classes(b, r.measured());
    baselines(b, r);
    b.append("\n## Gate\n\n");
    b.append(r.production().filter(p -> p != r.version()).map(p -> "Compared with production version " + p + " on the same rows.\n\n")
        .orElse("No other production version: only value thresholds apply.\n\n"));
    b.append("| check | value | rule | limit | result |\n|---|---|---|---|---|\n");
    r.checks().forEach(c -> b.append(String.format(Locale.ROOT, "| %s | %.4f | %s | %.4f | %s |%n",
        c.name(), c.value(), c.rule(), c.limit(), c.passed() ? "passed" : "FAILED")));
    slices(b, r.slices());
    b.append(String.format(Locale.ROOT, "%n## Scoring latency%n%np50 %.2f ms and p99 %.2f ms per 1,000 rows.%n",
        r.latencyP50MsPer1000(), r.latencyP99MsPer1000()));
    if (binary) {
      b.append("\n## Plots\n\n![ROC](roc.png) ![Calibration](calibration.png)\n");
    }
    String path = dir + "/evaluation.md";
    ArtefactFiles.writeText(spark.sparkContext().hadoopConfiguration(), path, b.toString());
    return path;
  }

  private static void classes(StringBuilder b, Measured m) {
    if (m.perClass().isEmpty()) {
      return;
    }
    b.append("\n## Classes\n\n| class | support | precision | recall | f1 | one-vs-rest auc |\n|---|---|---|---|---|---|\n");
    m.perClass().forEach((c, v) -> b.append(String.format(Locale.ROOT, "| %s | %.0f | %.4f | %.4f | %.4f | %.4f |%n",
        c, v.get("support"), v.get("precision"), v.get("recall"), v.get("f1"), v.get("auc"))));
    b.append("\nConfusion matrix (rows: actual class, columns: predicted class):\n\n| actual |");
    m.classes().forEach(c -> b.append(' ').append(c).append(" |"));
    b.append("\n|---|").append("---|".repeat(m.classes().size())).append('\n');
    m.confusion().forEach((actual, predicted) -> {
      b.append("| ").append(actual).append(" |");
      m.classes().forEach(c -> b.append(' ').append(predicted.getOrDefault(c, 0L)).append(" |"));
      b.append('\n');
    });
  }

  private static void baselines(StringBuilder b, EvaluationResult r) {
    if (r.baselines().isEmpty()) {
      return;
    }
    b.append("\n## Baselines\n\nFitted on the candidate's own training part and features, scored on the same test rows "
        + "(lift: how much better the candidate is; negative: worse).\n\n| baseline | model | rows | rounds | fit s |\n"
        + "|---|---|---|---|---|\n");
    r.baselines().forEach(x -> b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f |%n", x.name(), x.model(),
        x.trainingRows(), x.rounds(), x.fitSeconds())));
    java.util.List<String> metrics = java.util.List.copyOf(r.lift(r.baselines().get(0)).keySet());
    b.append("\n| metric | candidate |");
    r.baselines().forEach(x -> b.append(' ').append(x.name()).append(" | lift over ").append(x.name()).append(" |"));
    b.append("\n|---|---|").append("---|---|".repeat(r.baselines().size())).append('\n');
    for (String m : metrics) {
      b.append(String.format(Locale.ROOT, "| %s | %.4f |", m, r.metrics().get(m)));
      r.baselines().forEach(x -> b.append(String.format(Locale.ROOT, " %.4f | %+.4f |",
          x.metrics().getOrDefault(m, Double.NaN), r.lift(x).getOrDefault(m, Double.NaN))));
      b.append('\n');
    }
  }

  private static void slices(StringBuilder b, Map<String, Map<String, Double>> slices) {
    if (slices.isEmpty()) {
      return;
    }
    java.util.List<String> metrics = slices.values().iterator().next().keySet().stream().limit(4).toList();
    b.append("\n## Slices\n\n| slice |");
    metrics.forEach(m -> b.append(' ').append(m).append(" |"));
    b.append("\n|---|").append("---|".repeat(metrics.size())).append('\n');
    slices.forEach((s, v) -> {
      b.append("| ").append(s).append(" |");
      metrics.forEach(m -> b.append(String.format(Locale.ROOT, " %.4f |", v.getOrDefault(m, Double.NaN))));
      b.append('\n');
    });
  }
}
