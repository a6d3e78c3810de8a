package io.lakeml.internal.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Parquet timestamp without a zone (the flights source's) as lakeml's UTC sessions read it. */
class ZonelessTimestampsTest {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void readsAsATimestampHoldingTheSameMicrosecondsAsTheCast(@TempDir Path dir) throws Exception {
    List<LocalDateTime> times = List.of(LocalDateTime.of(2001, 3, 1, 23, 59, 59, 999_999_000), LocalDateTime.of(2000, 12, 31, 0, 0));
    String file = dir.resolve("zoneless.parquet").toString();
    writeZoneless(file, times); // as pyarrow writes them: no Spark schema in the footer
    Dataset<Row> ntz = spark.createDataFrame(times.stream().map(t -> RowFactory.create(t)).toList(),
        new StructType().add("t", DataTypes.TimestampNTZType));

    Dataset<Row> read = spark.read().parquet(file);

    assertThat(read.schema().apply("t").dataType()).isEqualTo(DataTypes.TimestampType);
    List<Long> cast = ntz.selectExpr("unix_micros(cast(t AS TIMESTAMP)) AS m").orderBy("m").as(org.apache.spark.sql.Encoders.LONG())
        .collectAsList();
    List<Long> direct = read.selectExpr("unix_micros(t) AS m").orderBy("m").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    assertThat(direct).isEqualTo(cast).hasSize(2);
  }

  private static void writeZoneless(String file, List<LocalDateTime> times) throws java.io.IOException {
    MessageType schema = MessageTypeParser.parseMessageType("message m { required int64 t (TIMESTAMP(MICROS,false)); }");
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file)).withType(schema).build()) {
      for (LocalDateTime t : times) {
        long micros = t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1_000;
        w.write(new SimpleGroupFactory(schema).newGroup().append("t", micros));
      }
    }
  }
}
