package io.lakeml.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.RawFlights;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flights dataset derives its time features by arithmetic (Spark's hour(), dayofweek() and
 * month() of a timestamp convert every value through java.time): they must equal what those
 * functions give, in lakeml's UTC sessions, at every boundary.
 */
class FlightsDerivationsTest {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void timeFeaturesEqualSparksOwnFunctionsAtDayMonthAndYearBoundaries(@TempDir Path home) {
    DatasetConfig flights = TestConfigs.flights(home).requireDataset();
    List<String> times = Arrays.asList("1969-12-31 23:59:59.999999", "1970-01-01 00:00:00", "1969-12-31 00:30:00",
        "2000-02-29 23:00:00", "2001-03-01 00:59:59.999999", "2001-05-06 12:34:56", "2001-12-31 23:59:59",
        "1900-01-01 01:00:00", "2262-04-11 23:47:16.854775", "0001-01-01 00:00:00", null);
    Dataset<Row> raw = spark.createDataset(times, Encoders.STRING()).toDF("date")
        .crossJoin(RawFlights.good(1).toDf(spark).drop("date"));

    Dataset<Row> derived = DerivedColumns.withDerived(SchemaContract.forTraining(flights).apply(raw, "raw"), flights)
        .selectExpr("date", "hour_of_day", "day_of_week", "month",
            "hour(date) AS h", "dayofweek(date) AS dow", "month(date) AS m");

    assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("UTC");
    assertThat(derived.where("NOT (hour_of_day <=> h AND day_of_week <=> dow AND month <=> m)").collectAsList()).isEmpty();
    assertThat(derived.where("hour_of_day IS NOT NULL").count()).isEqualTo(10);
    assertThat(derived.where("hour_of_day = 23 AND day_of_week = 4 AND month = 12").count())
        .as("1969-12-31 23:59:59.999999, a Wednesday").isEqualTo(1);
  }
}
