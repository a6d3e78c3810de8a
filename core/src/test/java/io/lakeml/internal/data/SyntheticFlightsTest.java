package io.lakeml.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import io.lakeml.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class SyntheticFlightsTest {
  final SparkSession spark = SparkTestSession.get();

  @Test
  void sameSeedGivesSameRowsWhateverThePartitioning() {
    SyntheticSpec a = SyntheticSpec.clean(2_000, 7);
    SyntheticSpec b = new SyntheticSpec(2_000, 7, a.start(), a.days(), 1, 0, 0, 0, 0, 0);

    assertThat(sorted(SyntheticFlights.generate(spark, a)))
        .isEqualTo(sorted(SyntheticFlights.generate(spark, b)))
        .isNotEqualTo(sorted(SyntheticFlights.generate(spark, SyntheticSpec.clean(2_000, 8))));
  }

  @Test
  void hasTheFlightsSchemaAndAKnownSignal() {
    Dataset<Row> df = SyntheticFlights.generate(spark, SyntheticSpec.clean(20_000, 1));

    assertThat(df.schema().fieldNames()).containsExactly("date", "delay", "distance", "origin", "destination");
    assertThat(df.schema().apply("date").dataType()).isEqualTo(DataTypes.TimestampNTZType);
    assertThat(df.schema().apply("distance").dataType()).isEqualTo(DataTypes.IntegerType);
    double lateShare = df.where("delay > 15").count() / 20_000.0;
    assertThat(lateShare).isBetween(0.12, 0.35);
    double lateEvening = df.where("hour(date) >= 19").where("delay > 15").count()
        / (double) df.where("hour(date) >= 19").count();
    double lateMorning = df.where("hour(date) <= 8").where("delay > 15").count()
        / (double) df.where("hour(date) <= 8").count();
    assertThat(lateEvening).as("evening flights are late more often").isGreaterThan(lateMorning + 0.1);
  }

  @Test
  void injectsTheRequestedDefects() {
    Dataset<Row> df =
        SyntheticFlights.generate(spark, SyntheticSpec.clean(10_000, 3).withDefects(0.1, 0.05, 0.05, 0.02));

    long nulls = df.where(col("distance").isNull().or(col("origin").isNull()).or(col("delay").isNull())).count();
    assertThat(nulls).isBetween(800L, 1_200L);
    assertThat(df.where("isnan(distance)").count()).isBetween(350L, 650L);
    assertThat(df.where("distance < 0").count()).isBetween(300L, 650L);
    assertThat(df.schema().apply("delay").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(df.where("delay = 'n/a'").count()).isBetween(120L, 300L);
  }

  @Test
  void driftShiftsHoursAndDistances() {
    double base = SyntheticFlights.generate(spark, SyntheticSpec.clean(5_000, 5)).selectExpr("avg(distance)").first().getDouble(0);
    double drifted = SyntheticFlights.generate(spark, SyntheticSpec.clean(5_000, 5).withDrift(1)).selectExpr("avg(distance)").first().getDouble(0);
    assertThat(drifted - base).isBetween(500.0, 700.0);
  }

  private static List<String> sorted(Dataset<Row> df) {
    return df.orderBy("date", "origin", "destination", "distance", "delay").toJSON().collectAsList();
  }
}
