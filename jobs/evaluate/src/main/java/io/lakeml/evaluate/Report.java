package io.lakeml.evaluate;

import io.lakeml.lakehouse.Lakehouse;
import io.lakeml.model.ArtefactFiles;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** A readable evaluation report per version and run, in Markdown, under {@code <root>/reports/}. */
final class Report {
  private Report() {}

  static String write(SparkSession spark, Lakehouse lakehouse, EvaluationResult r, String runId,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> scored) {
    String dir = lakehouse.reportsRoot() + "/" + r.name() + "/" + r.version() + "/" + runId;
    Plots.write(spark.sparkContext().hadoopConfiguration(), dir, scored);
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "# Evaluation of %s version %d%n%nRun `%s`. Verdict: **%s**.%n%n",
        r.name(), r.version(), runId, r.passed() ? "passed, moved to staging" : "failed, stays dev"));
    b.append("## Metrics on the test split\n\n| metric | value |\n|---|---|\n");
    r.metrics().forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %.4f |%n", k, v)));
    b.append("\n## Gate\n\n");
    b.append(r.production().map(p -> "Compared with production version " + p + " on the same rows.\n\n")
        .orElse("There is no production version: only value thresholds apply.\n\n"));
    b.append("| check | value | rule | limit | result |\n|---|---|---|---|---|\n");
    r.checks().forEach(c -> b.append(String.format(Locale.ROOT, "| %s | %.4f | %s | %.4f | %s |%n",
        c.name(), c.value(), c.rule(), c.limit(), c.passed() ? "passed" : "FAILED")));
    if (!r.slices().isEmpty()) {
      b.append("\n## Slices\n\n| slice | rows | auc | log_loss |\n|---|---|---|---|\n");
      r.slices().forEach((s, m) -> b.append(String.format(Locale.ROOT, "| %s | %.0f | %.4f | %.4f |%n",
          s, m.get("rows"), m.get("auc"), m.get("log_loss"))));
    }
    b.append(String.format(Locale.ROOT, "%n## Scoring latency%n%np50 %.2f ms and p99 %.2f ms per 1,000 rows.%n",
        r.latencyP50MsPer1000(), r.latencyP99MsPer1000()));
    b.append("\n## Plots\n\n![ROC](roc.png) ![Calibration](calibration.png)\n");
    String path = dir + "/evaluation.md";
    ArtefactFiles.writeText(spark.sparkContext().hadoopConfiguration(), path, b.toString());
    return path;
  }
}
