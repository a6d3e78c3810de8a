package io.lakeml.internal.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.internal.data.SyntheticFlights;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.NumericEncoding;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled pipeline gives the fitted Spark ML pipeline's own feature vectors, value for value:
 * seen and unseen categories, integer categories, nulls in numeric and categorical features, and
 * numeric features through their encodings.
 */
class CompiledFeaturesTest {
  @TempDir Path home;
  final SparkSession spark = SparkTestSession.get();

  @Test
  void compiledRowsEqualThePipelinesFeatureVectors() {
    compiledRowsEqualThePipelines(TestConfigs.flights(home).requireDataset());
  }

  /** distance as a signed log, the hour as the sine and cosine of a 24-hour cycle. */
  @Test
  void encodedNumericFeaturesToo() {
    DatasetConfig d = encoded();
    assertThat(FeaturePipeline.numericSlots(d.features())).hasSize(3);

    compiledRowsEqualThePipelines(d);
  }

  /** The hour in four bands (night, morning, afternoon, evening): one indicator each, edges included. */
  @Test
  void bucketedNumericFeaturesToo() {
    DatasetConfig d = encoded("lakeml.dataset.features.encodings = [ { column = distance, kind = log }, "
        + "{ column = hour_of_day, kind = buckets, edges = [6, 12, 18] } ]\n");
    assertThat(FeaturePipeline.numericSlots(d.features())).hasSize(5);
    NumericEncoding hour = d.features().encoding("hour_of_day").orElseThrow();
    assertThat(java.util.stream.IntStream.range(0, 4).mapToDouble(part -> hour.apply(part, 12)).toArray()).containsExactly(0, 0, 1, 0);
    assertThat(hour.apply(0, Double.NaN)).isNaN();

    compiledRowsEqualThePipelines(d);
  }

  @Test
  void aModelFittedWithOtherEncodingsDoesNotCompile() {
    DatasetConfig plain = TestConfigs.flights(home).requireDataset();
    DatasetConfig d = encoded();
    PipelineModel pipeline = FeaturePipeline.build(d).fit(typed(d, SyntheticFlights.generate(spark, SyntheticSpec.clean(300, 3))));

    assertThat(CompiledFeatures.of(pipeline, d.features())).isPresent();
    assertThat(CompiledFeatures.of(pipeline, plain.features())).as("scored by its own pipeline instead").isEmpty();
  }

  private DatasetConfig encoded() {
    return encoded("");
  }

  private DatasetConfig encoded(String extra) {
    String dataset = TestConfigs.projectRoot().resolve("conf/datasets/flights.conf").toString();
    return TestConfigs.loader(home, "include file(\"" + dataset + "\")\nlakeml.lakehouse.root = lakehouse\n"
        + "lakeml.dataset.features.encodings = [ { column = distance, kind = log }, "
        + "{ column = hour_of_day, kind = cyclic, period = 24 } ]\n" + extra).load().requireDataset();
  }

  private void compiledRowsEqualThePipelines(DatasetConfig d) {
    Dataset<Row> train = typed(d, SyntheticFlights.generate(spark, SyntheticSpec.clean(2_000, 3)));
    PipelineModel pipeline = FeaturePipeline.build(d).fit(train);
    // Rows the pipeline never saw: other airports, other seeds, and nulls where the contract would
    // let a nullable feature through.
    Dataset<Row> scored = typed(d, SyntheticFlights.generate(spark, SyntheticSpec.clean(400, 99).withDrift(0.8)))
        .selectExpr("*")
        .withColumn("origin", org.apache.spark.sql.functions.expr("CASE WHEN row_number() OVER (ORDER BY date) % 7 = 0 THEN 'NEW' "
            + "WHEN row_number() OVER (ORDER BY date) % 11 = 0 THEN NULL ELSE origin END"))
        .withColumn("distance", org.apache.spark.sql.functions.expr("CASE WHEN row_number() OVER (ORDER BY date) % 5 = 0 THEN NULL "
            + "WHEN row_number() OVER (ORDER BY date) % 13 = 0 THEN double('NaN') ELSE distance END"))
        // Integral categories are looked up in an array over the labels' range: values below and above it.
        .withColumn("day_of_week", org.apache.spark.sql.functions.expr("CASE WHEN row_number() OVER (ORDER BY date) % 9 = 0 "
            + "THEN 9 WHEN row_number() OVER (ORDER BY date) % 10 = 0 THEN -3 ELSE day_of_week END"));
    CompiledFeatures compiled = CompiledFeatures.of(pipeline, d.features()).orElseThrow();

    List<Row> expected = pipeline.transform(scored).select(FeaturePipeline.FEATURES).collectAsList();
    List<InternalRow> internal = scored.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).collect();
    StructType schema = scored.schema();
    SparseRows actual = new SparseRows();
    long[] unseen = new long[d.features().categorical().size()];
    for (InternalRow r : internal) {
      compiled.append(r, ordinals(schema, d.features().numeric()), types(schema, d.features().numeric()),
          ordinals(schema, d.features().categorical()), types(schema, d.features().categorical()), actual, unseen);
    }

    assertThat(actual.rows()).isEqualTo(expected.size()).isEqualTo(400);
    assertThat(compiled.width()).isEqualTo(((Vector) expected.get(0).get(0)).size());
    for (int r = 0; r < expected.size(); r++) {
      SparseVector want = ((Vector) expected.get(r).get(0)).toSparse();
      int from = actual.rowStart()[r];
      int[] indices = java.util.Arrays.copyOfRange(actual.indices(), from, actual.rowStart()[r + 1]);
      assertThat(indices).as("active features of row %d", r).containsExactly(want.indices());
      for (int k = 0; k < indices.length; k++) {
        assertThat((double) actual.values()[from + k]).as("row %d feature %d", r, indices[k])
            .isCloseTo(want.values()[k], within(1e-5 * Math.max(1, Math.abs(want.values()[k]))));
      }
    }
    assertThat(unseen[d.features().categorical().indexOf("origin")]).as("NEW and null origins").isGreaterThanOrEqualTo(57 + 31);
    assertThat(unseen[d.features().categorical().indexOf("day_of_week")]).as("days 9 and -3").isEqualTo(44 + 36);
  }

  private static Dataset<Row> typed(DatasetConfig d, Dataset<Row> raw) {
    Dataset<Row> contracted = SchemaContract.forTraining(d).apply(raw, "synthetic");
    return DerivedColumns.withDerived(contracted, d)
        .drop(SchemaContract.VIOLATIONS, SchemaContract.FIRST_VIOLATION, SchemaContract.ORIGINAL);
  }

  private static int[] ordinals(StructType schema, List<String> names) {
    return names.stream().mapToInt(schema::fieldIndex).toArray();
  }

  private static DataType[] types(StructType schema, List<String> names) {
    return names.stream().map(n -> schema.apply(n).dataType()).toArray(DataType[]::new);
  }
}
