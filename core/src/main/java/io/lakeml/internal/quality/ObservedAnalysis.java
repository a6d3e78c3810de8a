package io.lakeml.internal.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.analyzers.Analysis;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.InMemoryStateProvider;
import com.amazon.deequ.analyzers.Preconditions;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.State;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import io.lakeml.internal.util.Scala;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Deequ analyzers computed while another action reads the data anyway (such as the write of a
 * table): their aggregations ride on the rows through {@link Dataset#observe}, so checking costs no
 * pass of its own. After that action, {@link #states()} holds each analyzer's Deequ state, for
 * Deequ's own suite to verify without reading the data again:
 * {@code new VerificationSuite().runOnAggregatedStates(schema, checks, [observed.states()], ...)},
 * as it verifies the states of earlier partitions of a dataset.
 *
 * <p>Only scan-shareable analyzers (those Deequ itself computes in one aggregation) can ride
 * along; {@link #notObservable} lists the others (grouping ones such as uniqueness), which need a
 * pass of their own. Extra named aggregate columns can share the same observation.
 *
 * <p>Spark updates an observation's aggregates row by row outside the stage's generated code, at
 * a cost per aggregate and row; the counts and 0/1 sums that size, completeness and compliance
 * take are therefore counted together as bits ({@link IndicatorSums}), with the same results.
 */
public final class ObservedAnalysis {
  private static final String PREFIX = "deequ_";

  private final Dataset<Row> rows;
  private final Observation observation;
  private final IndicatorSums sums;
  private final List<ScanShareableAnalyzer<State<?>, ?>> observed;
  private final List<int[]> slots;
  private final List<String> extras;
  private final int aggregations;

  private ObservedAnalysis(Dataset<Row> rows, Observation observation, IndicatorSums sums,
      List<ScanShareableAnalyzer<State<?>, ?>> observed, List<int[]> slots, List<String> extras, int aggregations) {
    this.rows = rows;
    this.observation = observation;
    this.sums = sums;
    this.observed = observed;
    this.slots = slots;
    this.extras = extras;
    this.aggregations = aggregations;
  }

  /**
   * {@code rows} with the aggregations of every observable analyzer of {@code analyzers} (whose
   * preconditions hold on the schema) and of {@code extraMetrics} attached.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static ObservedAnalysis on(Dataset<Row> rows, List<? extends Analyzer<?, ?>> analyzers,
      Map<String, Column> extraMetrics) {
    List<ScanShareableAnalyzer<State<?>, ?>> observed = new ArrayList<>();
    List<int[]> slots = new ArrayList<>();
    // Analyzers share aggregations (every completeness counts all rows): each is computed once.
    // Canonical forms compare equal where only expression ids differ.
    Map<org.apache.spark.sql.catalyst.expressions.Expression, Integer> slotOf = new LinkedHashMap<>();
    List<Column> columns = new ArrayList<>();
    for (Analyzer<?, ?> a : new LinkedHashSet<>(analyzers)) {
      if (a instanceof ScanShareableAnalyzer s && Preconditions.findFirstFailing(rows.schema(), s.preconditions()).isEmpty()) {
        List<Object> functions = JavaConverters.seqAsJavaList(s.aggregationFunctions());
        int[] slot = new int[functions.size()];
        for (int i = 0; i < slot.length; i++) {
          Column c = (Column) functions.get(i);
          slot[i] = slotOf.computeIfAbsent(c.expr().canonicalized(), e -> {
            columns.add(c.as(PREFIX + columns.size()));
            return columns.size() - 1;
          });
        }
        observed.add(s);
        slots.add(slot);
      }
    }
    int aggregations = columns.size();
    extraMetrics.forEach((name, c) -> columns.add(c.as(name)));
    if (columns.isEmpty()) {
      columns.add(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as(PREFIX + "rows"));
    }
    Observation observation = new Observation("deequ-" + java.util.UUID.randomUUID());
    IndicatorSums sums = IndicatorSums.of(rows, columns);
    List<Column> aggregates = sums.aggregates();
    Dataset<Row> attached = sums.input().observe(observation, aggregates.get(0),
        aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).drop(sums.helperColumns().toArray(String[]::new));
    return new ObservedAnalysis(attached, observation, sums, observed, slots, List.copyOf(extraMetrics.keySet()),
        aggregations);
  }

  /** Analyzers of {@code analyzers} that cannot ride on another action (grouping ones). */
  public static List<Analyzer<?, ?>> notObservable(List<? extends Analyzer<?, ?>> analyzers) {
    List<Analyzer<?, ?>> rest = new ArrayList<>();
    for (Analyzer<?, ?> a : new LinkedHashSet<>(analyzers)) {
      if (!(a instanceof ScanShareableAnalyzer)) {
        rest.add(a);
      }
    }
    return rest;
  }

  /**
   * Runs the analyzers of {@code analyzers} that cannot be observed in Deequ's own pass over
   * {@code rows}, adding their states to {@code states}; no pass when there are none.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void computeNotObservable(Dataset<Row> rows, List<? extends Analyzer<?, ?>> analyzers,
      InMemoryStateProvider states) {
    List<Analyzer<?, ?>> rest = notObservable(analyzers);
    if (!rest.isEmpty()) {
      AnalysisRunner.run(rows, new Analysis((scala.collection.Seq) Scala.seq(rest)), Option.empty(),
          Option.apply(states), StorageLevel.MEMORY_AND_DISK());
    }
  }

  /**
   * Deequ's verification of {@code checks} from {@code states} alone (no Spark job unless a
   * grouping analyzer's state holds a frequency table), then saving the metrics to
   * {@code repository} under {@code key} (after the checks: anomaly checks compare with history). Each analyzer's state is counted once even when several checks need it:
   * Deequ's own {@code VerificationSuite.runOnAggregatedStates} (2.0.7) merges a repeated
   * analyzer's state once per repetition, doubling a row count that a check and an anomaly check
   * both read.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static VerificationResult verify(StructType schema, List<Check> checks, InMemoryStateProvider states,
      Optional<MetricsRepository> repository, Optional<ResultKey> key) {
    LinkedHashSet<Analyzer<?, ?>> analyzers = new LinkedHashSet<>();
    checks.forEach(c -> analyzers.addAll(JavaConverters.asJavaCollection(c.requiredAnalyzers())));
    AnalyzerContext context = AnalysisRunner.runOnAggregatedStates(schema,
        new Analysis((scala.collection.Seq) Scala.seq(new ArrayList<>(analyzers))), Scala.seq(List.of(states)),
        Option.empty(), StorageLevel.MEMORY_AND_DISK(), Option.empty(), Option.empty());
    // As the suite evaluates them: the run's status is the worst of its checks'.
    Map<Check, CheckResult> results = new LinkedHashMap<>();
    scala.Enumeration.Value status = CheckStatus.Success();
    for (Check c : checks) {
      CheckResult r = c.evaluate(context);
      results.put(c, r);
      status = r.status().id() > status.id() ? r.status() : status;
    }
    // Saved after the checks, as the suite does: an anomaly check compares this run with history.
    if (repository.isPresent() && key.isPresent()) {
      repository.get().save(key.get(), context);
    }
    return new VerificationResult(status, Scala.map(results), context.metricMap());
  }

  /** How many distinct aggregations the analyzers' states take. */
  int aggregations() {
    return aggregations;
  }

  /** The rows to run the action on. */
  public Dataset<Row> rows() {
    return rows;
  }

  /** The analyzers' states, once an action on {@link #rows()} has run. */
  public InMemoryStateProvider states() {
    Map<String, Object> m = metrics();
    InMemoryStateProvider states = new InMemoryStateProvider();
    for (int i = 0; i < observed.size(); i++) {
      Object[] values = java.util.Arrays.stream(slots.get(i)).mapToObj(slot -> m.get(PREFIX + slot)).toArray();
      Option<State<?>> state = observed.get(i).fromAggregationResult(RowFactory.create(values), 0);
      if (state.isDefined()) {
        states.persist(observed.get(i), state.get());
      }
    }
    return states;
  }

  /** The extra metrics by name (null where an aggregate had no rows), once the action has run. */
  public Map<String, Object> extras() {
    Map<String, Object> m = metrics();
    Map<String, Object> out = new LinkedHashMap<>();
    extras.forEach(name -> out.put(name, m.get(name)));
    return out;
  }

  private Map<String, Object> metrics() {
    return sums.values(io.lakeml.internal.spark.Observations.await(observation, "the pass that carried the data-quality checks"));
  }
}
