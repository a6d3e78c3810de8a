package io.lakeml.internal.lakehouse.direct;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The value of a column that is the same in every row of a file, in Spark's internal form (a
 * timestamp as microseconds, a date as days, a string as its UTF-8 bytes), with its Parquet plain
 * encoding and its column-chunk statistics.
 */
final class ConstantValue implements Serializable {
  private final DataType type;
  private final Object value; // Boolean, Integer, Long, Float, Double, byte[] or null

  private ConstantValue(DataType type, Object value) {
    this.type = type;
    this.value = value;
  }

  /** {@code value} as Spark's internal value of {@code type} (see {@link DirectLayout#supports}). */
  static ConstantValue of(DataType type, Object value) {
    if (value == null) {
      return new ConstantValue(type, null);
    }
    if (type == DataTypes.StringType) {
      return new ConstantValue(type, value.toString().getBytes(StandardCharsets.UTF_8));
    }
    if (type == DataTypes.TimestampType && value instanceof java.sql.Timestamp t) {
      return new ConstantValue(type, org.apache.spark.sql.catalyst.util.DateTimeUtils.fromJavaTimestamp(t));
    }
    if (type == DataTypes.DateType && value instanceof java.sql.Date d) {
      return new ConstantValue(type, org.apache.spark.sql.catalyst.util.DateTimeUtils.fromJavaDate(d));
    }
    if (type == DataTypes.ShortType || type == DataTypes.ByteType) {
      return new ConstantValue(type, ((Number) value).intValue());
    }
    return new ConstantValue(type, value);
  }

  boolean isNull() {
    return value == null;
  }

  boolean isBoolean() {
    return value instanceof Boolean;
  }

  /** The value as Spark's internal value (for statistics). */
  Object internal() {
    return value;
  }

  /** The value as a one-entry dictionary page's plain encoding. */
  BytesInput plain() {
    if (value instanceof byte[] b) {
      return BytesInput.concat(BytesInput.fromInt(b.length), BytesInput.from(b));
    }
    ByteBuffer buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    if (value instanceof Integer i) {
      buf.putInt(i);
    } else if (value instanceof Long l) {
      buf.putLong(l);
    } else if (value instanceof Float f) {
      buf.putFloat(f);
    } else if (value instanceof Double d) {
      buf.putDouble(d);
    } else {
      throw new IllegalStateException("No dictionary encoding for a constant of " + type);
    }
    return BytesInput.from(buf.array(), 0, buf.position());
  }

  /** {@code count} copies of a boolean, bit-packed (Parquet's plain encoding of booleans). */
  BytesInput bitPacked(int count) {
    byte[] bits = new byte[(count + 7) / 8];
    if ((Boolean) value) {
      java.util.Arrays.fill(bits, (byte) 0xFF);
      int rest = count % 8;
      if (rest != 0) {
        bits[bits.length - 1] = (byte) ((1 << rest) - 1);
      }
    }
    return BytesInput.from(bits);
  }

  /** Statistics of a chunk of {@code count} copies. */
  Statistics<?> statistics(PrimitiveType parquetType, int count) {
    Statistics<?> s = Statistics.createStats(parquetType);
    if (value == null) {
      s.incrementNumNulls(count);
      return s;
    }
    if (value instanceof byte[] b) {
      ((org.apache.parquet.column.statistics.BinaryStatistics) s).updateStats(Binary.fromConstantByteArray(b));
    } else if (value instanceof Boolean v) {
      ((org.apache.parquet.column.statistics.BooleanStatistics) s).updateStats(v);
    } else if (value instanceof Integer v) {
      ((org.apache.parquet.column.statistics.IntStatistics) s).updateStats(v);
    } else if (value instanceof Long v) {
      ((org.apache.parquet.column.statistics.LongStatistics) s).updateStats(v);
    } else if (value instanceof Float v) {
      ((org.apache.parquet.column.statistics.FloatStatistics) s).updateStats(v);
    } else {
      ((org.apache.parquet.column.statistics.DoubleStatistics) s).updateStats((Double) value);
    }
    return s;
  }
}
