package io.lakeml.internal.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.lakeml.internal.spark.LongAggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Coalesce;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.Complete$;
import org.apache.spark.sql.catalyst.expressions.aggregate.Count;
import org.apache.spark.sql.catalyst.expressions.aggregate.Sum;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The aggregates of an observation that count rows, {@code count(...)} and {@code sum(x)} for an
 * {@code x} that can only be 0, 1 or null (what Deequ's size, completeness and compliance
 * analyzers ask for), computed as bits: each row carries one long word of two bits per aggregate
 * (x is not null, x is 1), built in the generated code of the stage that reads the rows, and one
 * aggregate ({@link BitCounts}) counts the set bits of 32 aggregates at a time. The results are
 * the same numbers, nulls included (a sum of no non-null value is null). Why: an observation is
 * updated row by row outside the stage's generated code, and each of its aggregates costs there
 * per row (Deequ's checks were an eighth of data-prep's CPU); one counter costs as much as one.
 * Other aggregates stay as they were, except that those of lakeml's own ({@link LongAggregate},
 * which evaluate their input without generated code) read it from a column computed in the
 * stage's generated code.
 */
final class IndicatorSums {
  private static final String WORD = "__indicators_";
  private static final String INPUT = "__aggregate_input_";
  private static final int PER_WORD = BitCounts.SLOTS / 2;

  /** A sum of an x in {0, 1, null} ({@code count}: x is 1 when every counted value is non-null, else 0). */
  private record Indicator(String name, Column x, boolean count) {}

  private final Dataset<Row> input;
  private final List<Column> aggregates;
  private final List<Indicator> indicators;
  private final List<String> words;
  private final List<String> helpers;

  private IndicatorSums(Dataset<Row> input, List<Column> aggregates, List<Indicator> indicators, List<String> words,
      List<String> helpers) {
    this.input = input;
    this.aggregates = aggregates;
    this.indicators = indicators;
    this.words = words;
    this.helpers = helpers;
  }

  /** {@code named}: aggregate columns, each with its own alias, all over {@code rows}. */
  static IndicatorSums of(Dataset<Row> rows, List<Column> named) {
    List<NamedExpression> resolved = resolve(rows, named);
    List<Indicator> indicators = new ArrayList<>();
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < named.size(); i++) {
      Alias alias = (Alias) resolved.get(i);
      Optional<Indicator> indicator = indicator(alias.name(), alias.child());
      indicator.ifPresent(indicators::add);
      if (indicator.isEmpty()) {
        rest.add(i);
      }
    }
    if (indicators.size() < 2) { // one indicator costs as a plain aggregate
      indicators.clear();
      rest = java.util.stream.IntStream.range(0, named.size()).boxed().toList();
    }
    List<String> helpers = new ArrayList<>();
    List<Column> aggregates = new ArrayList<>();
    Dataset<Row> input = withOwnInputs(rows, named, resolved, rest, aggregates, helpers);
    List<String> words = new ArrayList<>();
    for (int start = 0; start < indicators.size(); start += PER_WORD) {
      String word = WORD + words.size();
      input = input.withColumn(word, word(indicators.subList(start, Math.min(indicators.size(), start + PER_WORD))));
      aggregates.add(BitCounts.of(col(word)).as(word));
      words.add(word);
    }
    helpers.addAll(words);
    return new IndicatorSums(input, aggregates, indicators, words, helpers);
  }

  /**
   * The aggregates {@code rest} of {@code named} into {@code aggregates}; those of lakeml's own
   * read their input from a column of the returned rows (named in {@code helpers}), computed in
   * the stage's generated code rather than row by row.
   */
  private static Dataset<Row> withOwnInputs(Dataset<Row> rows, List<Column> named, List<NamedExpression> resolved,
      List<Integer> rest, List<Column> aggregates, List<String> helpers) {
    Dataset<Row> input = rows;
    for (int i : rest) {
      Alias alias = (Alias) resolved.get(i);
      if (alias.child() instanceof AggregateExpression a && a.aggregateFunction() instanceof LongAggregate<?> own
          && !(own.input() instanceof Attribute)) {
        String column = INPUT + helpers.size();
        input = input.withColumn(column, new Column(own.input()));
        aggregates.add(own.over(col(column)).as(alias.name()));
        helpers.add(column);
      } else {
        aggregates.add(named.get(i));
      }
    }
    return input;
  }

  /** The rows to observe: with the indicator words when there are any. */
  Dataset<Row> input() {
    return input;
  }

  /** The aggregates to observe. */
  List<Column> aggregates() {
    return aggregates;
  }

  /** The columns {@link #input} added, to drop after the observation. */
  List<String> helperColumns() {
    return helpers;
  }

  /** The observed values under the names asked for: those counted in bits, then the others. */
  Map<String, Object> values(Map<String, Object> observed) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < indicators.size(); i++) {
      long[] counts = BitCounts.counts(observed.get(words.get(i / PER_WORD)));
      long nonNull = counts[2 * (i % PER_WORD)];
      long ones = counts[2 * (i % PER_WORD) + 1];
      Indicator indicator = indicators.get(i);
      values.put(indicator.name(), indicator.count() ? Long.valueOf(ones) : nonNull == 0 ? null : Long.valueOf(ones));
    }
    observed.forEach((name, value) -> {
      if (!words.contains(name)) {
        values.put(name, value);
      }
    });
    return values;
  }

  private static List<NamedExpression> resolve(Dataset<Row> rows, List<Column> named) {
    LogicalPlan plan = rows.select(named.toArray(Column[]::new)).queryExecution().analyzed();
    if (!(plan instanceof Aggregate aggregate)) {
      throw new IllegalArgumentException("Cannot observe " + named + ": not all of them are aggregates");
    }
    return JavaConverters.seqAsJavaList(aggregate.aggregateExpressions());
  }

  private static Optional<Indicator> indicator(String name, Expression e) {
    if (!(e instanceof AggregateExpression a) || a.isDistinct() || a.filter().isDefined()
        || a.mode() != Complete$.MODULE$ || !a.dataType().equals(DataTypes.LongType)) {
      return Optional.empty();
    }
    if (a.aggregateFunction() instanceof Count count) {
      Column allPresent = lit(true);
      for (Expression child : JavaConverters.seqAsJavaList(count.children())) {
        allPresent = allPresent.and(new Column(child).isNotNull());
      }
      return Optional.of(new Indicator(name, when(allPresent, lit(1L)).otherwise(lit(0L)), true));
    }
    if (a.aggregateFunction() instanceof Sum sum && isZeroOneOrNull(sum.child())) {
      return Optional.of(new Indicator(name, new Column(sum.child()), false));
    }
    return Optional.empty();
  }

  /** Whether every value of {@code e} is 0, 1 or null, by its form: casts of booleans, 0/1 literals, branches of them. */
  static boolean isZeroOneOrNull(Expression e) {
    if (!(e.dataType() instanceof IntegralType)) {
      return false;
    }
    if (e instanceof Literal l) {
      return l.value() == null || ((Number) l.value()).longValue() == 0 || ((Number) l.value()).longValue() == 1;
    }
    if (e instanceof Cast c) {
      DataType from = c.child().dataType();
      return from.equals(DataTypes.BooleanType) || (from instanceof IntegralType && isZeroOneOrNull(c.child()));
    }
    if (e instanceof Coalesce c) {
      return JavaConverters.seqAsJavaList(c.children()).stream().allMatch(IndicatorSums::isZeroOneOrNull);
    }
    if (e instanceof CaseWhen c) {
      for (Tuple2<Expression, Expression> branch : JavaConverters.seqAsJavaList(c.branches())) {
        if (!isZeroOneOrNull(branch._2())) {
          return false;
        }
      }
      return c.elseValue().isEmpty() || isZeroOneOrNull(c.elseValue().get());
    }
    return false;
  }

  /** Per row: bits 2k (x is not null) and 2k + 1 (x is 1) of the k-th indicator. */
  private static Column word(List<Indicator> indicators) {
    Column word = lit(0L);
    for (int k = 0; k < indicators.size(); k++) {
      Column x = indicators.get(k).x().cast(DataTypes.LongType);
      word = word.bitwiseOR(when(x.isNull(), lit(0L)).when(x.equalTo(1L), lit(3L << (2 * k))).otherwise(lit(1L << (2 * k))));
    }
    return word;
  }

  /** For tests: how many of {@code named} are counted in bits. */
  int indicatorCount() {
    return indicators.size();
  }
}
