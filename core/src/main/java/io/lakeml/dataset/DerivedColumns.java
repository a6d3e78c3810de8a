package io.lakeml.dataset;

import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import io.lakeml.errors.Errors;
import org.apache.spark.sql.types.DataType;
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
      out = add(out, d.name(), d.expr(), d.type().sparkType(), DatasetConfig.PATH + ".derived." + d.name());
    }
    return out;
  }

  /** Adds the label: 0/1 for binary, a double otherwise; null where its inputs are null. */
  public static Dataset<Row> withLabel(Dataset<Row> typed, DatasetConfig dataset) {
    LabelSpec label = dataset.label();
    var type = label.kind() == LabelKind.BINARY ? DataTypes.IntegerType : DataTypes.DoubleType;
    return add(typed, label.name(), label.expr(), type, DatasetConfig.PATH + ".label");
  }

  // A bad expression is a config mistake: name the key, not a Spark stack trace.
  private static Dataset<Row> add(Dataset<Row> rows, String name, String sql, DataType type, String key) {
    try {
      return rows.withColumn(name, expr(sql).cast(type));
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException
          || e instanceof org.apache.spark.sql.catalyst.parser.ParseException) {
        throw Errors.badExpression(key, sql, e.getMessage());
      }
      throw e;
    }
  }
}
