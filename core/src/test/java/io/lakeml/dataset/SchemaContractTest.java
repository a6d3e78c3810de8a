package io.lakeml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.RawFlights;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaContractTest {
  @TempDir static Path home;
  final SparkSession spark = SparkTestSession.get();
  final DatasetConfig flights = TestConfigs.flights(home).requireDataset();

  @Test
  void goodRowsAreTypedAndHaveNoViolations() {
    Dataset<Row> out = SchemaContract.forTraining(flights).apply(RawFlights.good(4).toDf(spark), "raw");

    assertThat(out.schema().apply("distance").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(out.schema().apply("date").dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(out.where("size(_violations) > 0").count()).isZero();
    assertThat(out.select("event_date").first().get(0).toString()).isEqualTo("2001-01-01");
    assertThat(out.count()).isEqualTo(4);
  }

  @Test
  void missingRequiredColumnIsADataErrorNamingSourceColumnAndType() {
    assertThatThrownBy(() -> SchemaContract.forTraining(flights).apply(RawFlights.good(2).without("distance").toDf(spark), "s3a://b/raw"))
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("s3a://b/raw: column 'distance' not found")
        .hasMessageContaining("declares it as DOUBLE")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
  }

  @Test
  void servingContractDoesNotNeedLabelColumns() {
    Dataset<Row> out = SchemaContract.forServing(flights).apply(RawFlights.good(2).without("delay").toDf(spark), "raw");
    assertThat(out.columns()).doesNotContain("delay").contains("distance");
  }

  @Test
  void typeThatCannotBeCastIsADataError() {
    Dataset<Row> raw = RawFlights.good(2).toDf(spark).withColumn("distance", org.apache.spark.sql.functions.array(org.apache.spark.sql.functions.lit(1)));
    assertThatThrownBy(() -> SchemaContract.forTraining(flights).apply(raw, "raw"))
        .hasMessageContaining("raw: column 'distance' has type array<int>, which cannot be cast to the declared DOUBLE");
  }

  @Test
  void textInANumericColumnIsUnparseable() {
    Dataset<Row> out = SchemaContract.forTraining(flights).apply(RawFlights.good(3).wrongTypes("n/a").toDf(spark), "raw");

    assertThat(codes(out)).containsExactly("UNPARSEABLE:delay");
    assertThat(out.where("size(_violations) > 0").select("_original.delay").first().getString(0)).isEqualTo("n/a");
  }

  @Test
  void unparseableDateIsUnparseable() {
    Dataset<Row> out = SchemaContract.forTraining(flights).apply(RawFlights.good(3).wrongTypes("5").with(1, "date", "31/02/2001").toDf(spark), "raw");
    assertThat(codes(out)).containsExactly("UNPARSEABLE:date");
  }

  @Test
  void nanAndInfinityAreViolations() {
    Dataset<Row> out = SchemaContract.forTraining(flights).apply(RawFlights.good(3).withNaN().toDf(spark), "raw");
    assertThat(codes(out)).containsExactly("NAN_OR_INFINITE:distance", "NAN_OR_INFINITE:distance");
  }

  @Test
  void negativeDistanceIsOutOfRangeAndNullIsNullRequired() {
    Dataset<Row> out = SchemaContract.forTraining(flights)
        .apply(RawFlights.good(3).with(1, "distance", -5).withNulls("origin").toDf(spark), "raw");
    assertThat(codes(out)).containsExactlyInAnyOrder("OUT_OF_RANGE:distance", "NULL_REQUIRED:origin");
  }

  @Test
  void extraColumnsFollowThePolicy() {
    Dataset<Row> raw = RawFlights.good(2).withExtraColumn("tail number").toDf(spark);

    assertThat(SchemaContract.forTraining(flights).apply(raw, "raw").columns()).doesNotContain("tail number");
    assertThat(SchemaContract.forTraining(withExtra(ExtraColumnsPolicy.KEEP)).apply(raw, "raw").columns()).contains("tail number");
    assertThatThrownBy(() -> SchemaContract.forTraining(withExtra(ExtraColumnsPolicy.FAIL)).apply(raw, "raw"))
        .hasMessageContaining("raw: columns [tail number] are not declared")
        .hasMessageContaining("policy is 'fail'");
  }

  @Test
  void closedCategoriesRejectUnknownValuesOpenOnesAcceptThem() {
    ColumnSpec origin = flights.column("origin");
    ColumnSpec closed = new ColumnSpec("origin", origin.type(), false, origin.role(), 1.0,
        origin.min(), origin.max(), List.of("ORD", "ATL"), true, java.util.Optional.empty());
    DatasetConfig d = withColumn(closed);
    Dataset<Row> raw = RawFlights.good(3).with(2, "origin", "XYZ").toDf(spark);

    assertThat(codes(SchemaContract.forTraining(d).apply(raw, "raw"))).containsExactly("UNKNOWN_CATEGORY:origin");
    assertThat(codes(SchemaContract.forTraining(flights).apply(raw, "raw"))).isEmpty();
  }

  @Test
  void derivedColumnsAndLabelComeFromTheConfig() {
    Dataset<Row> typed = SchemaContract.forTraining(flights).apply(RawFlights.good(2).toDf(spark), "raw");
    Row r = DerivedColumns.withLabel(DerivedColumns.withDerived(typed, flights), flights)
        .select("hour_of_day", "day_of_week", "month", "label").orderBy("hour_of_day").first();

    assertThat(r.getInt(0)).isEqualTo(6);
    assertThat(r.getInt(1)).isEqualTo(2); // 2001-01-01 was a Monday; Spark's dayofweek counts Sunday as 1
    assertThat(r.getInt(2)).isEqualTo(1);
    assertThat(r.getInt(3)).isEqualTo(1); // delay 30 > 15
  }

  private static List<String> codes(Dataset<Row> out) {
    return out.selectExpr("explode(_violations) AS v").selectExpr("concat(v.code, ':', v.column)")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private DatasetConfig withExtra(ExtraColumnsPolicy policy) {
    return new DatasetConfig(flights.name(), flights.source(), flights.keyColumns(), flights.eventTime(), policy,
        flights.maxRejectedFraction(), flights.columns(), flights.derived(), flights.label(), flights.features(), flights.checks());
  }

  @Test
  void eventDateIsTheTimestampsDateAtEveryDayBoundaryInAnyZone() {
    List<String> times = java.util.Arrays.asList("1969-12-31 23:59:59.999999", "1970-01-01 00:00:00", "1970-01-01 00:00:00.000001",
        "2001-05-01 23:59:59.999999", "2001-05-02 00:00:00", "1900-02-28 12:00:00", "2262-04-11 23:47:16.854775",
        "0001-01-01 00:00:00", null, "not a date");
    Dataset<Row> raw = spark.createDataset(times, org.apache.spark.sql.Encoders.STRING()).toDF("date")
        .crossJoin(RawFlights.good(1).toDf(spark).drop("date"));
    String zone = spark.conf().get("spark.sql.session.timeZone");
    try {
      for (String z : List.of("UTC", "America/New_York", "Asia/Kolkata")) {
        spark.conf().set("spark.sql.session.timeZone", z);
        Dataset<Row> out = SchemaContract.forTraining(flights).apply(raw, "raw")
            .withColumn("expected", org.apache.spark.sql.functions.to_date(org.apache.spark.sql.functions.col("date")));
        assertThat(out.where("NOT (event_date <=> expected)").collectAsList()).as("zone %s", z).isEmpty();
        assertThat(out.where("event_date IS NOT NULL").count()).as("zone %s", z).isEqualTo(8);
      }
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  private DatasetConfig withColumn(ColumnSpec replacement) {
    List<ColumnSpec> cols = flights.columns().stream().map(c -> c.name().equals(replacement.name()) ? replacement : c).toList();
    return new DatasetConfig(flights.name(), flights.source(), flights.keyColumns(), flights.eventTime(), flights.extraColumns(),
        flights.maxRejectedFraction(), cols, flights.derived(), flights.label(), flights.features(), flights.checks());
  }
}
