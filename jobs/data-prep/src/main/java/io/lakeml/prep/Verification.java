package io.lakeml.prep;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.InMemoryStateProvider;
import com.amazon.deequ.checks.Check;
import io.lakeml.config.PrepConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.internal.quality.ObservedAnalysis;
import io.lakeml.internal.util.Scala;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * The Deequ verification of one prep run: the checks and the history's anomaly checks. Their
 * aggregations are gathered while the run writes its rows ({@link #observe}); {@link #verify} then
 * runs Deequ's suite on those states, so the checks cost no pass of their own (a declared key's
 * uniqueness, a grouping, takes one over the key columns). With {@code lakeml.prep.checks = deequ}
 * nothing is observed and Deequ's {@code VerificationSuite} runs the checks over the rows itself.
 */
final class Verification {
  private final DatasetConfig dataset;
  private final PrepConfig prep;
  private final QualityHistory history;
  private final List<Check> checks;

  private Verification(DatasetConfig dataset, PrepConfig prep, QualityHistory history) {
    this.dataset = dataset;
    this.prep = prep;
    this.history = history;
    this.checks = QualityChecks.build(dataset);
  }

  static Verification of(DatasetConfig dataset, PrepConfig prep, QualityHistory history) {
    return new Verification(dataset, prep, history);
  }

  QualityHistory history() {
    return history;
  }

  /**
   * {@code rows} (all rows read, contracted) carrying the aggregations of every analyzer needed,
   * and of {@code extras}.
   */
  ObservedAnalysis observe(Dataset<Row> rows, Map<String, Column> extras) {
    return ObservedAnalysis.on(rows, prep.checks() == PrepConfig.Checks.OBSERVED ? analyzers() : List.of(), extras);
  }

  /**
   * Deequ's verification of the observed states (after the action that read the rows), with no
   * Spark job of its own unless a grouping analyzer needs one; saves the metrics to the history.
   */
  VerificationResult verify(ObservedAnalysis observed, Dataset<Row> rows) {
    if (prep.checks() == PrepConfig.Checks.DEEQU) {
      return new VerificationSuite().onData(rows).addChecks(Scala.seq(allChecks()))
          .useRepository(history.repository()).saveOrAppendResult(history.newKey()).run();
    }
    InMemoryStateProvider states = observed.states();
    ObservedAnalysis.computeNotObservable(rows, analyzers(), states);
    return ObservedAnalysis.verify(rows.schema(), allChecks(), states, Optional.of(history.repository()),
        Optional.of(history.newKey()));
  }

  private List<Check> allChecks() {
    List<Check> all = new ArrayList<>(checks);
    all.addAll(history.anomalyChecks(dataset, prep));
    return all;
  }

  private List<Analyzer<?, ?>> analyzers() {
    List<Analyzer<?, ?>> all = new ArrayList<>();
    for (Check c : allChecks()) {
      all.addAll(JavaConverters.asJavaCollection(c.requiredAnalyzers()));
    }
    return all;
  }
}
