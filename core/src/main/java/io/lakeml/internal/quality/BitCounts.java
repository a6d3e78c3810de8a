package io.lakeml.internal.quality;

import io.lakeml.internal.spark.LongAggregate;
import java.nio.ByteBuffer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * An aggregate over a long column: how many rows had each of its 64 bits set, as an array of 64
 * longs. One update per row whatever the number of bits: a loop over the set bits.
 */
public final class BitCounts extends LongAggregate<long[]> {
  static final int SLOTS = Long.SIZE;

  public BitCounts(Expression child, int mutableAggBufferOffset, int inputAggBufferOffset) {
    super(child, mutableAggBufferOffset, inputAggBufferOffset);
  }

  /** The aggregate of {@code word} (a long column; null rows count nowhere). */
  static Column of(Column word) {
    return new BitCounts(word.expr(), 0, 0).toColumn();
  }

  /** The 64 counts of an observed {@link #of} value. */
  static long[] counts(Object observed) {
    long[] counts = new long[SLOTS];
    java.util.List<?> values = observed instanceof scala.collection.Seq<?> seq
        ? scala.collection.JavaConverters.seqAsJavaList(seq) : (java.util.List<?>) observed;
    for (int i = 0; i < SLOTS; i++) {
      counts[i] = ((Number) values.get(i)).longValue();
    }
    return counts;
  }

  @Override
  protected LongAggregate<long[]> copy(Expression child, int mutableAggBufferOffset, int inputAggBufferOffset) {
    return new BitCounts(child, mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  public long[] createAggregationBuffer() {
    return new long[SLOTS];
  }

  @Override
  protected long[] add(long[] counts, long word) {
    for (long bits = word; bits != 0; bits &= bits - 1) {
      counts[Long.numberOfTrailingZeros(bits)]++;
    }
    return counts;
  }

  @Override
  public long[] merge(long[] counts, long[] other) {
    for (int i = 0; i < SLOTS; i++) {
      counts[i] += other[i];
    }
    return counts;
  }

  @Override
  public Object eval(long[] counts) {
    return org.apache.spark.sql.catalyst.expressions.UnsafeArrayData.fromPrimitiveArray(counts);
  }

  @Override
  public DataType dataType() {
    return DataTypes.createArrayType(DataTypes.LongType, false);
  }

  @Override
  public byte[] serialize(long[] counts) {
    ByteBuffer bytes = ByteBuffer.allocate(SLOTS * Long.BYTES);
    bytes.asLongBuffer().put(counts);
    return bytes.array();
  }

  @Override
  public long[] deserialize(byte[] bytes) {
    long[] counts = new long[SLOTS];
    ByteBuffer.wrap(bytes).asLongBuffer().get(counts);
    return counts;
  }

  @Override
  public String prettyName() {
    return "bit_counts";
  }
}
