package io.lakeml.internal.lakehouse.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeml.internal.lakehouse.DirectFile;
import io.lakeml.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lakeml's own Parquet files, read back by Spark as the rows and statistics they were written with. */
class DirectParquetFileTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path dir;

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType).add("name", DataTypes.StringType).add("x", DataTypes.DoubleType)
      .add("n", DataTypes.IntegerType).add("flag", DataTypes.BooleanType).add("at", DataTypes.TimestampType)
      .add("day", DataTypes.DateType).add("f", DataTypes.FloatType)
      .add("c_str", DataTypes.StringType).add("c_long", DataTypes.LongType).add("c_double", DataTypes.DoubleType)
      .add("c_true", DataTypes.BooleanType).add("c_false", DataTypes.BooleanType).add("c_at", DataTypes.TimestampType)
      .add("c_day", DataTypes.DateType).add("c_null", DataTypes.LongType).add("c_int", DataTypes.IntegerType);

  private static Map<String, Object> constants() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("c_str", "score-20261202T071500Z-ab");
    c.put("c_long", 7L);
    c.put("c_double", 0.5);
    c.put("c_true", true);
    c.put("c_false", false);
    c.put("c_at", Timestamp.valueOf("2026-12-02 07:15:00.123456"));
    c.put("c_day", Date.valueOf("2001-05-01"));
    c.put("c_null", null);
    c.put("c_int", 42);
    return c;
  }

  @Test
  void sparkReadsBackEveryValueNullAndConstant() throws Exception {
    List<Row> expected = new ArrayList<>();
    DirectLayout layout = DirectLayout.of(SCHEMA, constants(), List.of("x"), List.of("id", "x", "c_long", "c_null"));
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("part-0.parquet").toString());
    DirectParquetFile out = DirectParquetFile.create(new org.apache.hadoop.conf.Configuration(), file, layout);
    SpecificInternalRow row = new SpecificInternalRow(io.lakeml.internal.util.Scala.seq(
        List.<DataType>of(DataTypes.LongType, DataTypes.StringType, DataTypes.DoubleType, DataTypes.IntegerType,
            DataTypes.BooleanType, DataTypes.TimestampType, DataTypes.DateType, DataTypes.FloatType)));
    int rows = 10_037; // more than one 8-row RLE group and not a multiple of 8 (the booleans' last byte)
    for (int i = 0; i < rows; i++) {
      Object[] v = values(i);
      fill(row, v);
      out.write(row);
      Object[] all = java.util.Arrays.copyOf(v, SCHEMA.size());
      int k = v.length;
      for (Object c : constants().values()) {
        all[k++] = c;
      }
      expected.add(RowFactory.create(all));
    }
    DirectFile written = out.finish("part-0.parquet", Map.of());

    Dataset<Row> back = spark.read().parquet(file.toString()).select(SCHEMA.fieldNames()[0],
        java.util.Arrays.copyOfRange(SCHEMA.fieldNames(), 1, SCHEMA.size()));
    Dataset<Row> want = spark.createDataFrame(expected, SCHEMA);
    assertThat(back.schema().simpleString()).isEqualTo(SCHEMA.simpleString());
    assertThat(back.exceptAll(want).count()).isZero();
    assertThat(want.exceptAll(back).count()).isZero();
    assertThat(written.rows()).isEqualTo(rows);
    assertThat(written.size()).isEqualTo(file.getFileSystem(new org.apache.hadoop.conf.Configuration()).getFileStatus(file).getLen());
    assertThat(back.where("c_null IS NOT NULL OR c_str <> 'score-20261202T071500Z-ab' OR NOT c_true OR c_false").count()).isZero();
  }

  @Test
  void statisticsAreDeltasBoundsNullsAndRowCount() throws Exception {
    DirectLayout layout = DirectLayout.of(SCHEMA, constants(), List.of(), List.of("id", "x", "n", "c_long", "c_null"));
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("part-1.parquet").toString());
    DirectParquetFile out = DirectParquetFile.create(new org.apache.hadoop.conf.Configuration(), file, layout);
    SpecificInternalRow row = new SpecificInternalRow(io.lakeml.internal.util.Scala.seq(
        List.<DataType>of(DataTypes.LongType, DataTypes.StringType, DataTypes.DoubleType, DataTypes.IntegerType,
            DataTypes.BooleanType, DataTypes.TimestampType, DataTypes.DateType, DataTypes.FloatType)));
    for (int i = 0; i < 100; i++) {
      fill(row, values(i));
      out.write(row);
    }
    JsonNode stats = new ObjectMapper().readTree(out.finish("part-1.parquet", Map.of()).statsJson());

    Row truth = spark.read().parquet(file.toString()).selectExpr("count(*)", "min(id)", "max(id)", "min(x)", "max(x)",
        "count(*) - count(x)", "min(n)", "max(n)").first();
    assertThat(stats.get("numRecords").asLong()).isEqualTo(truth.getLong(0)).isEqualTo(100);
    assertThat(stats.get("minValues").get("id").asLong()).isEqualTo(truth.getLong(1));
    assertThat(stats.get("maxValues").get("id").asLong()).isEqualTo(truth.getLong(2));
    assertThat(stats.get("minValues").get("x").asDouble()).isEqualTo(truth.getDouble(3));
    assertThat(stats.get("maxValues").get("x").asDouble()).isEqualTo(truth.getDouble(4));
    assertThat(stats.get("nullCount").get("x").asLong()).isEqualTo(truth.getLong(5)).isPositive();
    assertThat(stats.get("minValues").get("n").asInt()).isEqualTo(truth.getInt(6));
    assertThat(stats.get("maxValues").get("n").asInt()).isEqualTo(truth.getInt(7));
    assertThat(stats.get("minValues").get("c_long").asLong()).isEqualTo(7);
    assertThat(stats.get("nullCount").get("c_null").asLong()).isEqualTo(100);
    assertThat(stats.get("minValues").has("c_null")).isFalse();
  }

  @Test
  void aNanLeavesTheColumnWithoutBoundsAndUnsupportedLayoutsAreRefused() throws Exception {
    DirectLayout layout = DirectLayout.of(new StructType().add("x", DataTypes.DoubleType), Map.of(), List.of(), List.of("x"));
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("part-2.parquet").toString());
    DirectParquetFile out = DirectParquetFile.create(new org.apache.hadoop.conf.Configuration(), file, layout);
    SpecificInternalRow row = new SpecificInternalRow(io.lakeml.internal.util.Scala.seq(List.<DataType>of(DataTypes.DoubleType)));
    for (double v : new double[] {0.2, Double.NaN, 0.9}) {
      row.setDouble(0, v);
      out.write(row);
    }
    JsonNode stats = new ObjectMapper().readTree(out.finish("part-2.parquet", Map.of()).statsJson());
    assertThat(stats.get("minValues").has("x")).isFalse();
    assertThat(stats.get("nullCount").get("x").asLong()).isZero();

    StructType withArray = new StructType().add("a", DataTypes.createArrayType(DataTypes.IntegerType));
    assertThat(DirectLayout.supports(withArray, List.of())).isFalse();
    assertThat(DirectLayout.supports(SCHEMA, List.of("name"))).isFalse(); // statistics on numbers only
    assertThatThrownBy(() -> DirectLayout.of(SCHEMA, Map.of("nope", 1), List.of(), List.of("id")))
        .hasMessageContaining("nope");
  }

  /** Row i: every type, with nulls in name, x and at on some rows. */
  private static Object[] values(int i) {
    return new Object[] {
        (long) i * 7919 - 40_000, i % 13 == 0 ? null : "v" + (i % 50), i % 11 == 0 ? null : i / 3.0, i - 500,
        i % 3 == 0, i % 17 == 0 ? null : new Timestamp(978_307_200_000L + i * 61_000L),
        new Date(978_307_200_000L + (i % 40) * 86_400_000L), i / 7f};
  }

  private static void fill(SpecificInternalRow row, Object[] v) {
    InternalRow r = row;
    for (int c = 0; c < v.length; c++) {
      if (v[c] == null) {
        row.setNullAt(c);
      } else if (v[c] instanceof String s) {
        row.update(c, UTF8String.fromString(s));
      } else if (v[c] instanceof Timestamp t) {
        row.setLong(c, org.apache.spark.sql.catalyst.util.DateTimeUtils.fromJavaTimestamp(t));
      } else if (v[c] instanceof Date d) {
        row.setInt(c, org.apache.spark.sql.catalyst.util.DateTimeUtils.fromJavaDate(d));
      } else {
        row.update(c, v[c]);
      }
    }
    assertThat(r.numFields()).isEqualTo(v.length);
  }
}
