package io.lakeml.internal.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import scala.collection.IndexedSeq;
import scala.collection.Seq;

/**
 * An aggregate of one long column whose buffer is a Java object, for {@link
 * org.apache.spark.sql.Dataset#observe}: there each aggregate is updated row by row outside the
 * stage's generated code, so one that does the work of many saves per row. Spark's own route for
 * such aggregates ({@code functions.udaf}) fails inside an observation in Spark 3.5 (its
 * aggregator keeps generated projections that cannot be serialized with the task's result). Its
 * input is evaluated row by row without generated code, so an observation should hand it a column
 * computed beforehand ({@link #over}). Subclasses give the buffer's update, merge, result and
 * bytes, and {@link #copy}.
 */
public abstract class LongAggregate<T> extends TypedImperativeAggregate<T> implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Expression child;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;

  protected LongAggregate(Expression child, int mutableAggBufferOffset, int inputAggBufferOffset) {
    this.child = child;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  /** The same aggregate over another child or at other buffer offsets (Spark copies expressions so). */
  protected abstract LongAggregate<T> copy(Expression child, int mutableAggBufferOffset, int inputAggBufferOffset);

  /** Adds one non-null input value to the buffer. */
  protected abstract T add(T buffer, long value);

  /** The aggregate as a column. */
  public Column toColumn() {
    return new Column(toAggregateExpression());
  }

  /** The input this aggregate reads. */
  public Expression input() {
    return child;
  }

  /** The same aggregate over another input, as a column. */
  public Column over(Column input) {
    return copy(input.expr(), 0, 0).toColumn();
  }

  @Override
  public T update(T buffer, InternalRow input) {
    Object value = child.eval(input);
    return value == null ? buffer : add(buffer, (Long) value);
  }

  @Override
  public Seq<Expression> children() {
    return scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(child)).toSeq();
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public ImperativeAggregate withNewMutableAggBufferOffset(int offset) {
    return copy(child, offset, inputAggBufferOffset);
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return copy(child, mutableAggBufferOffset, offset);
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return copy(newChildren.apply(0), mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  public int productArity() {
    return 3;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> child;
      case 1 -> mutableAggBufferOffset;
      case 2 -> inputAggBufferOffset;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object other) {
    return other != null && other.getClass() == getClass();
  }

  // Structural, as a case class's: Spark's rules stop once a tree no longer changes.
  @Override
  public boolean equals(Object other) {
    return canEqual(other) && child.equals(((LongAggregate<?>) other).child)
        && mutableAggBufferOffset == ((LongAggregate<?>) other).mutableAggBufferOffset
        && inputAggBufferOffset == ((LongAggregate<?>) other).inputAggBufferOffset;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(getClass(), child, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
