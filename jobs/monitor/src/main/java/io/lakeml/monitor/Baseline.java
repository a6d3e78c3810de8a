package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The drift baseline data-prep stored for one prepared version ({@code baseline_<dataset>}), read
 * into what the drift measures need per feature.
 */
record Baseline(long preparedVersion, Map<String, Numeric> numeric, Map<String, Categorical> categorical,
    Map<String, Double> nullRates) {
  static final String OTHER = "__other__";
  static final String NULL = "__null__";

  /** A numeric feature: its bin edges and shares, percentiles 0..100 and standard deviation. */
  record Numeric(double[] edges, double[] shares, double[] percentiles, double std) {}

  /** A categorical feature: its top categories (null as {@link #NULL}) with their shares, then {@link #OTHER}. */
  record Categorical(List<String> categories, double[] shares) {}

  /** The baseline of {@code version}; a DATA error naming the version when there is none. */
  static Baseline read(SparkSession spark, Lakehouse lakehouse, DatasetConfig d, long version) {
    String table = TableNames.baseline(d.name());
    String path = lakehouse.tablePath(table);
    List<Row> rows = DeltaTables.exists(spark, path)
        ? spark.read().format("delta").load(path).where(col("prepared_version").equalTo(version))
            .select("feature", "stat", "bucket", "value").collectAsList()
        : List.of();
    if (rows.isEmpty()) {
      throw Errors.baselineMissing(table, version);
    }
    Map<String, Map<String, TreeMap<Double, Double>>> byFeature = new LinkedHashMap<>();
    Map<String, Map<String, Double>> categories = new LinkedHashMap<>();
    for (Row r : rows) {
      String feature = r.getString(0);
      String stat = r.getString(1);
      String bucket = r.getString(2);
      double value = r.getDouble(3);
      if (stat.equals("category_share")) {
        categories.computeIfAbsent(feature, f -> new LinkedHashMap<>()).put(bucket, value);
      } else {
        double key = bucket.isEmpty() ? 0 : Double.parseDouble(bucket);
        byFeature.computeIfAbsent(feature, f -> new LinkedHashMap<>()).computeIfAbsent(stat, s -> new TreeMap<>())
            .put(key, value);
      }
    }
    Map<String, Double> nulls = new LinkedHashMap<>();
    Map<String, Numeric> numeric = new LinkedHashMap<>();
    Map<String, Categorical> categorical = new LinkedHashMap<>();
    for (String f : d.features().all()) {
      Map<String, TreeMap<Double, Double>> stats = byFeature.getOrDefault(f, Map.of());
      if (!stats.containsKey("null_rate")) {
        throw Errors.baselineMissingFeature(table, version, f);
      }
      nulls.put(f, stats.get("null_rate").firstEntry().getValue());
      if (d.features().numeric().contains(f) && stats.containsKey("bin_share")) {
        numeric.put(f, new Numeric(values(stats.get("bin_edge")), values(stats.get("bin_share")),
            values(stats.get("percentile")), stats.getOrDefault("std", new TreeMap<>(Map.of(0.0, 0.0))).firstEntry().getValue()));
      } else if (d.features().numeric().contains(f) && !stats.containsKey("quantile")) {
        // All values null in the baseline: only the null rate can drift.
        continue;
      } else if (d.features().numeric().contains(f)) {
        throw Errors.baselineTooOld(table, version, f);
      }
    }
    categories.forEach((f, shares) -> {
      if (!d.features().categorical().contains(f)) {
        return; // profiled by prep, no longer a feature of the dataset
      }
      List<String> top = new ArrayList<>();
      List<Double> share = new ArrayList<>();
      shares.forEach((c, s) -> {
        if (!c.equals(OTHER)) {
          top.add(c);
          share.add(s);
        }
      });
      top.add(OTHER);
      share.add(shares.getOrDefault(OTHER, 0.0));
      categorical.put(f, new Categorical(List.copyOf(top), share.stream().mapToDouble(Double::doubleValue).toArray()));
    });
    return new Baseline(version, numeric, categorical, nulls);
  }

  private static double[] values(TreeMap<Double, Double> byPosition) {
    return byPosition == null ? new double[0] : byPosition.values().stream().mapToDouble(Double::doubleValue).toArray();
  }
}
