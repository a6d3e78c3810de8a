package io.lakeml.dataset;

import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Derived columns and the label, computed from typed declared columns by the dataset's Spark SQL
 * expressions. The one implementation both training and scoring call.
 */
public final class DerivedColumns {
  private DerivedColumns() {}

  /** Adds every derived column (cast to its declared type). */
  public static Dataset<Row> withDerived(Dataset<Row> typed, DatasetConfig dataset) {
    Dataset<Row> out = typed;
    for (DerivedColumn d : dataset.derived()) {
      out = out.withColumn(d.name(), expr(d.expr()).cast(d.type().sparkType()));
    }
    return out;
  }

  /** Adds the label: 0/1 for binary, a double otherwise; null where its inputs are null. */
  public static Dataset<Row> withLabel(Dataset<Row> typed, DatasetConfig dataset) {
    LabelSpec label = dataset.label();
    var type = label.kind() == LabelKind.BINARY ? DataTypes.IntegerType : DataTypes.DoubleType;
    return typed.withColumn(label.name(), expr(label.expr()).cast(type));
  }
}
