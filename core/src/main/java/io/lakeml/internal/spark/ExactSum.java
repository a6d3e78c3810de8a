package io.lakeml.internal.spark;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The exact sum of a long column (nulls skipped) as a 128-bit two's complement integer, which no
 * sum of fewer than 2^64 values can overflow: one aggregate where four sums of 16-bit slices of
 * each value cost four (what matters in an observation, see {@link LongAggregate}). The result is
 * a struct of {@code high} (signed) and {@code low} (unsigned) 64 bits.
 */
public final class ExactSum extends LongAggregate<long[]> {
  private static final StructType RESULT = new StructType()
      .add("high", DataTypes.LongType, false)
      .add("low", DataTypes.LongType, false);

  public ExactSum(Expression child, int mutableAggBufferOffset, int inputAggBufferOffset) {
    super(child, mutableAggBufferOffset, inputAggBufferOffset);
  }

  public static Column of(Column values) {
    return new ExactSum(values.expr(), 0, 0).toColumn();
  }

  /** The sum in an observed {@link #of} value (zero when there were no values). */
  public static BigInteger value(Object observed) {
    Row r = (Row) observed;
    return BigInteger.valueOf(r.getLong(0)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(r.getLong(1))));
  }

  @Override
  protected LongAggregate<long[]> copy(Expression child, int mutableAggBufferOffset, int inputAggBufferOffset) {
    return new ExactSum(child, mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  public long[] createAggregationBuffer() {
    return new long[2];
  }

  @Override
  protected long[] add(long[] sum, long value) {
    return add(sum, value >> 63, value); // sign-extended to 128 bits
  }

  private static long[] add(long[] sum, long high, long low) {
    long lowSum = sum[1] + low;
    sum[0] += high + (Long.compareUnsigned(lowSum, sum[1]) < 0 ? 1 : 0);
    sum[1] = lowSum;
    return sum;
  }

  @Override
  public long[] merge(long[] sum, long[] other) {
    return add(sum, other[0], other[1]);
  }

  @Override
  public Object eval(long[] sum) {
    InternalRow row = new GenericInternalRow(new Object[] {sum[0], sum[1]});
    return row;
  }

  @Override
  public DataType dataType() {
    return RESULT;
  }

  @Override
  public byte[] serialize(long[] sum) {
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(sum[0]).putLong(sum[1]).array();
  }

  @Override
  public long[] deserialize(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new long[] {b.getLong(), b.getLong()};
  }

  @Override
  public String prettyName() {
    return "exact_sum";
  }
}
