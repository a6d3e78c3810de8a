package io.lakeml.prep;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import scala.collection.JavaConverters;

/** Reads Deequ's verification result into plain {@link CheckOutcome}s. */
final class Outcomes {
  private Outcomes() {}

  static List<CheckOutcome> from(VerificationResult result) {
    List<CheckOutcome> outcomes = new ArrayList<>();
    for (CheckResult cr : JavaConverters.asJavaCollection(result.checkResults().values())) {
      String check = cr.check().description();
      String level = cr.check().level().toString();
      for (ConstraintResult c : JavaConverters.seqAsJavaList(cr.constraintResults())) {
        boolean passed = c.status() == ConstraintStatus.Success();
        outcomes.add(new CheckOutcome(check, level, c.constraint().toString(), passed, value(c),
            c.message().isDefined() ? c.message().get() : ""));
      }
    }
    outcomes.sort(Comparator.comparing(CheckOutcome::check).thenComparing(CheckOutcome::constraint));
    return List.copyOf(outcomes);
  }

  private static Optional<Double> value(ConstraintResult c) {
    if (c.metric().isEmpty()) {
      return Optional.empty();
    }
    Metric<?> m = c.metric().get();
    if (m instanceof DoubleMetric d && d.value().isSuccess()) {
      return Optional.of(((Number) d.value().get()).doubleValue());
    }
    return Optional.empty();
  }
}
