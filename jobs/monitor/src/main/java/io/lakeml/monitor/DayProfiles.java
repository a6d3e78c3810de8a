package io.lakeml.monitor;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.SchemaContract;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Each date's feature distributions on the baseline's terms, in one aggregation over the input
 * rows (on the executors; one small row per date reaches the driver): null counts, exact counts
 * per baseline bin of each numeric feature and per baseline category (the rest as other) of each
 * categorical one, and each numeric feature's percentiles 0..100 (Spark's
 * {@code percentile_approx}, relative rank error 1e-4). Counts add up, so the profile of several
 * days is the sum of theirs.
 */
final class DayProfiles {
  /** Rank accuracy of {@code percentile_approx}: 1 / 10,000. */
  private static final int ACCURACY = 10_000;

  /** One date's (or several dates') counts; percentiles only for single dates. */
  record Profile(long rows, Map<String, Long> nulls, Map<String, long[]> bins, Map<String, long[]> categories,
      Map<String, double[]> percentiles) {
    Profile plus(Profile o) {
      Map<String, Long> n = new LinkedHashMap<>(nulls);
      o.nulls.forEach((k, v) -> n.merge(k, v, Long::sum));
      return new Profile(rows + o.rows, n, add(bins, o.bins), add(categories, o.categories), Map.of());
    }

    private static Map<String, long[]> add(Map<String, long[]> a, Map<String, long[]> b) {
      Map<String, long[]> out = new LinkedHashMap<>();
      a.forEach((k, v) -> {
        long[] w = b.get(k);
        long[] s = v.clone();
        for (int i = 0; w != null && i < s.length; i++) {
          s[i] += w[i];
        }
        out.put(k, s);
      });
      return out;
    }
  }

  private DayProfiles() {}

  /** The profile of each date of {@code rows} ({@code event_date}, features). */
  static TreeMap<LocalDate, Profile> of(Dataset<Row> rows, DatasetConfig d, Baseline baseline) {
    List<Column> aggs = aggregates(d, baseline);
    List<Row> collected = rows.groupBy(DatasetConfig.EVENT_DATE)
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).collectAsList();
    TreeMap<LocalDate, Profile> out = new TreeMap<>();
    for (Row r : collected) {
      out.put(r.getDate(0).toLocalDate(), parse(r, 1, d.features().all(), baseline));
    }
    return out;
  }

  /** The profile of each date and value of {@code variant} of {@code rows}, in the same one aggregation. */
  static TreeMap<LocalDate, Map<String, Profile>> byVariant(Dataset<Row> rows, String variant, DatasetConfig d,
      Baseline baseline) {
    List<Column> aggs = aggregates(d, baseline);
    List<Row> collected = rows.groupBy(col(DatasetConfig.EVENT_DATE), col(variant))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).collectAsList();
    TreeMap<LocalDate, Map<String, Profile>> out = new TreeMap<>();
    for (Row r : collected) {
      out.computeIfAbsent(r.getDate(0).toLocalDate(), k -> new TreeMap<>())
          .put(r.getString(1), parse(r, 2, d.features().all(), baseline));
    }
    return out;
  }

  private static List<Column> aggregates(DatasetConfig d, Baseline baseline) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("rows"));
    List<String> features = d.features().all();
    for (int i = 0; i < features.size(); i++) {
      aggs.add(sum(when(col(SchemaContract.quote(features.get(i))).isNull(), 1L).otherwise(0L)).as("n" + i));
    }
    for (String f : baseline.numeric().keySet()) {
      Column x = col(SchemaContract.quote(f)).cast(DataTypes.DoubleType);
      Column bin = binOf(x, baseline.numeric().get(f).edges());
      int bins = baseline.numeric().get(f).shares().length;
      for (int b = 0; b < bins; b++) {
        aggs.add(sum(when(x.isNotNull().and(bin.equalTo(b)), 1L).otherwise(0L)));
      }
      Column[] grid = new Column[101];
      for (int p = 0; p <= 100; p++) {
        grid[p] = lit(p / 100.0);
      }
      aggs.add(percentile_approx(x, array(grid), lit(ACCURACY)));
    }
    for (String f : baseline.categorical().keySet()) {
      Column bucket = bucketOf(col(SchemaContract.quote(f)), baseline.categorical().get(f).categories());
      for (String c : baseline.categorical().get(f).categories()) {
        aggs.add(sum(when(bucket.equalTo(c), 1L).otherwise(0L)));
      }
    }
    return aggs;
  }

  /** A profile from an aggregated row whose counts start at column {@code first}. */
  private static Profile parse(Row r, int first, List<String> features, Baseline baseline) {
    int i = first;
    long rows = r.getLong(i++);
    Map<String, Long> nulls = new LinkedHashMap<>();
    for (String f : features) {
      nulls.put(f, r.getLong(i++));
    }
    Map<String, long[]> bins = new LinkedHashMap<>();
    Map<String, double[]> percentiles = new LinkedHashMap<>();
    for (String f : baseline.numeric().keySet()) {
      long[] counts = new long[baseline.numeric().get(f).shares().length];
      for (int b = 0; b < counts.length; b++) {
        counts[b] = r.getLong(i++);
      }
      bins.put(f, counts);
      List<Double> p = r.isNullAt(i) ? List.of() : r.getList(i);
      i++;
      percentiles.put(f, p.stream().mapToDouble(Double::doubleValue).toArray());
    }
    Map<String, long[]> categories = new LinkedHashMap<>();
    for (String f : baseline.categorical().keySet()) {
      long[] counts = new long[baseline.categorical().get(f).categories().size()];
      for (int b = 0; b < counts.length; b++) {
        counts[b] = r.getLong(i++);
      }
      categories.put(f, counts);
    }
    return new Profile(rows, nulls, bins, categories, percentiles);
  }

  /** The baseline's bin rule: the number of edges below the value (a value on an edge is in the lower bin). */
  static Column binOf(Column x, double[] edges) {
    Column bin = lit(0);
    for (double e : edges) {
      bin = bin.plus(when(x.gt(e), 1).otherwise(0));
    }
    return bin;
  }

  /** {@link #binOf(Column, double[])} of one value. */
  static int binOf(double x, double[] edges) {
    int bin = 0;
    for (double e : edges) {
      bin += x > e ? 1 : 0;
    }
    return bin;
  }

  /** The value's baseline bucket: itself when among the top categories, {@code __null__}, or {@code __other__}. */
  static Column bucketOf(Column value, List<String> categories) {
    Column text = value.cast(DataTypes.StringType);
    List<String> named = categories.stream().filter(c -> !c.equals(Baseline.OTHER)).toList();
    Column known = named.isEmpty() ? lit(false) : text.isin(named.toArray());
    return when(value.isNull(), lit(named.contains(Baseline.NULL) ? Baseline.NULL : Baseline.OTHER)).when(known, text).otherwise(lit(Baseline.OTHER));
  }
}
