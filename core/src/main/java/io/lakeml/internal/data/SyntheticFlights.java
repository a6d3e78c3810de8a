package io.lakeml.internal.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Synthetic rows with the flights schema (date as timestamp_ntz, delay and distance as int, origin
 * and destination as airport codes) and a known signal: departures late in the day, from the
 * busiest hubs, on longer routes and in summer and December are more often delayed. Every random
 * draw is a hash of (seed, row id, draw number), so the output depends only on the spec, not on
 * partitioning or scheduling.
 */
public final class SyntheticFlights {
  static final List<String> AIRPORTS =
      List.of(
          "ORD", "ATL", "DFW", "LAX", "PHX", "DEN", "DTW", "IAH", "MSP", "SFO",
          "STL", "EWR", "LAS", "CLT", "LGA", "BOS", "PHL", "PIT", "SEA", "MCO",
          "CVG", "BWI", "SLC", "MIA", "DCA", "SAN", "MEM", "TPA", "JFK", "OAK");

  private SyntheticFlights() {}

  public static Dataset<Row> generate(SparkSession spark, SyntheticSpec spec) {
    Dataset<Row> rows =
        spark.range(0, spec.rows(), 1, spec.partitions())
            .withColumn("day", expr("floor(" + u(1, spec) + " * " + spec.days() + ")"))
            .withColumn("hour", expr("least(23, 5 + floor(pow(" + u(2, spec) + ", " + (1.0 - 0.5 * spec.drift()) + ") * 19))"))
            .withColumn("date", expr("to_timestamp_ntz(concat(date_add(date'" + spec.start() + "', cast(day as int)), ' ', lpad(hour, 2, '0'), ':', lpad(floor(" + u(3, spec) + " * 60), 2, '0')))"))
            .withColumn("o", expr("cast(floor(pow(" + u(4, spec) + ", 1.5) * " + AIRPORTS.size() + ") as int)"))
            .withColumn("d", expr("cast(pmod(o + 1 + floor(" + u(5, spec) + " * " + (AIRPORTS.size() - 1) + "), " + AIRPORTS.size() + ") as int)"))
            .withColumn("origin", airport("o"))
            .withColumn("destination", airport("d"))
            .withColumn("distance", expr("cast(100 + floor(" + u(6, spec) + " * 2400) + " + (600 * spec.drift()) + " as int)"))
            .withColumn("logit", expr("-2.3 + 0.11 * (hour - 12) + case when o < 5 then 0.7 else 0 end"
                + " + 0.0003 * distance + case when month(date) in (6, 7, 12) then 0.4 else 0 end"))
            .withColumn("late", expr(u(7, spec) + " < 1 / (1 + exp(-logit))"))
            .withColumn("delay", expr("cast(case when late then 16 + floor(" + u(8, spec) + " * 120)"
                + " else floor(" + u(8, spec) + " * 30) - 15 end as int)"));
    return withDefects(rows, spec).select("date", "delay", "distance", "origin", "destination");
  }

  private static Dataset<Row> withDefects(Dataset<Row> rows, SyntheticSpec spec) {
    Column nullRow = expr(u(10, spec) + " < " + spec.nullRate());
    Column which = expr("floor(" + u(11, spec) + " * 3)");
    Column nanRow = expr(u(12, spec) + " < " + spec.nanRate());
    Column negative = expr(u(13, spec) + " < " + spec.outOfRangeRate());
    Column badType = expr(u(14, spec) + " < " + spec.badTypeRate());
    // Like the real data, distance is an integer column; only NaN defects need a double one.
    Column distance = col("distance");
    Column defective = when(negative, distance.multiply(-1)).otherwise(distance);
    if (spec.nanRate() > 0) {
      distance = distance.cast(DataTypes.DoubleType);
      defective = when(nanRow, lit(Double.NaN)).when(negative, distance.multiply(-1)).otherwise(distance);
    }
    Dataset<Row> out =
        rows.withColumn("distance", when(nullRow.and(which.equalTo(0)), lit(null)).otherwise(defective))
            .withColumn("origin", when(nullRow.and(which.equalTo(1)), lit(null)).otherwise(col("origin")))
            .withColumn("delay", when(nullRow.and(which.equalTo(2)), lit(null)).otherwise(col("delay")));
    if (spec.badTypeRate() > 0) {
      out = out.withColumn("delay", when(badType, lit("n/a")).otherwise(col("delay").cast("string")));
    }
    return out;
  }

  /** Draw number {@code k}: a uniform number in [0, 1) from (seed, id, k). */
  private static String u(int k, SyntheticSpec spec) {
    return "(pmod(xxhash64(id, " + spec.seed() + "L, " + k + "), 1000000007) / 1000000007.0)";
  }

  private static Column airport(String index) {
    return expr("element_at(array('" + String.join("','", AIRPORTS) + "'), " + index + " + 1)");
  }
}
