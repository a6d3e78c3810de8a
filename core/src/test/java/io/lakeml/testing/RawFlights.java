package io.lakeml.testing;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw flights rows for tests, good and bad, named by what is wrong with them so a reader sees the
 * case: {@code RawFlights.good(3).withNulls("origin")}, {@code wrongTypes()}, {@code withNaN()}.
 */
public final class RawFlights {
  private final List<Object[]> rows = new ArrayList<>();
  private StructType schema =
      new StructType()
          .add("date", DataTypes.TimestampNTZType)
          .add("delay", DataTypes.IntegerType)
          .add("distance", DataTypes.IntegerType)
          .add("origin", DataTypes.StringType)
          .add("destination", DataTypes.StringType);

  private RawFlights() {}

  /** {@code n} valid rows, one an hour from 2001-01-01 06:00, every other one late. */
  public static RawFlights good(int n) {
    RawFlights f = new RawFlights();
    for (int i = 0; i < n; i++) {
      f.rows.add(new Object[] {
        java.time.LocalDateTime.of(2001, 1, 1 + i / 18, 6 + i % 18, 0), i % 2 == 0 ? 30 : -2, 300 + i, "ORD", "SFO"
      });
    }
    return f;
  }

  public static RawFlights empty() {
    return new RawFlights();
  }

  /** A null in {@code column} of the first row. */
  public RawFlights withNulls(String column) {
    rows.get(0)[index(column)] = null;
    return this;
  }

  /** Sets one value of row {@code row}. */
  public RawFlights with(int row, String column, Object value) {
    rows.get(row)[index(column)] = value;
    return this;
  }

  /** Every column as text, the way a CSV export arrives; {@code bad} replaces row 0's delay. */
  public RawFlights wrongTypes(String badDelay) {
    for (Object[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        r[i] = r[i] == null ? null : String.valueOf(r[i]).replace('T', ' ');
      }
    }
    rows.get(0)[1] = badDelay;
    for (String c : schema.fieldNames()) {
      retype(c, DataTypes.StringType);
    }
    return this;
  }

  /** Distance as a double column with NaN in row 0 and +Infinity in row 1. */
  public RawFlights withNaN() {
    retype("distance", DataTypes.DoubleType);
    for (Object[] r : rows) {
      r[2] = r[2] == null ? null : ((Number) r[2]).doubleValue();
    }
    rows.get(0)[2] = Double.NaN;
    rows.get(1)[2] = Double.POSITIVE_INFINITY;
    return this;
  }

  /** An extra column the dataset does not declare. */
  public RawFlights withExtraColumn(String name) {
    schema = schema.add(name, DataTypes.StringType);
    for (int i = 0; i < rows.size(); i++) {
      Object[] r = Arrays.copyOf(rows.get(i), rows.get(i).length + 1);
      r[r.length - 1] = "x" + i;
      rows.set(i, r);
    }
    return this;
  }

  /** Drops a column, as a broken export would. */
  public RawFlights without(String column) {
    int idx = index(column);
    StructType s = new StructType();
    for (var f : schema.fields()) {
      if (!f.name().equals(column)) {
        s = s.add(f);
      }
    }
    schema = s;
    for (int i = 0; i < rows.size(); i++) {
      List<Object> r = new ArrayList<>(Arrays.asList(rows.get(i)));
      r.remove(idx);
      rows.set(i, r.toArray());
    }
    return this;
  }

  public RawFlights retype(String column, DataType type) {
    StructType s = new StructType();
    for (var f : schema.fields()) {
      s = s.add(f.name(), f.name().equals(column) ? type : f.dataType());
    }
    schema = s;
    return this;
  }

  public Dataset<Row> toDf(SparkSession spark) {
    List<Row> out = rows.stream().map(RowFactory::create).toList();
    return spark.createDataFrame(out, schema);
  }

  private int index(String column) {
    return schema.fieldIndex(column);
  }
}
