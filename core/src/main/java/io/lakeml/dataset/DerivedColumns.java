package io.lakeml.dataset;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

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
  private static final String RAW_LABEL = "__label_raw";

  private DerivedColumns() {}

  /** Adds every derived column (cast to its declared type). */
  public static Dataset<Row> withDerived(Dataset<Row> typed, DatasetConfig dataset) {
    Dataset<Row> out = typed;
    for (DerivedColumn d : dataset.derived()) {
      out = add(out, d.name(), d.expr(), d.type().sparkType(), DatasetConfig.PATH + ".derived." + d.name());
    }
    return out;
  }

  /**
   * Adds the label: 0/1 (int) for binary, the class as text for multiclass, a double for
   * regression. When {@code rows} carry the contract's violation columns, a row whose label is
   * null ({@link ViolationCode#LABEL_MISSING}) or not valid for its kind
   * ({@link ViolationCode#LABEL_INVALID}: not 0/1, not a finite number) is flagged there, so it
   * is quarantined rather than trained on.
   */
  public static Dataset<Row> withLabel(Dataset<Row> typed, DatasetConfig dataset) {
    LabelSpec label = dataset.label();
    Dataset<Row> raw = add(typed, RAW_LABEL, label.expr(), null, DatasetConfig.PATH + ".label.expr");
    Column x = col(RAW_LABEL);
    Column value;
    Column valid;
    switch (label.kind()) {
      case BINARY -> {
        Column number = coalesce(expr("try_cast(" + RAW_LABEL + " AS DOUBLE)"),
            expr("try_cast(try_cast(" + RAW_LABEL + " AS BOOLEAN) AS DOUBLE)"));
        valid = number.isNotNull().and(number.isin(0.0, 1.0));
        value = when(valid, number.cast(DataTypes.IntegerType));
      }
      case REGRESSION -> {
        Column number = expr("try_cast(" + RAW_LABEL + " AS DOUBLE)");
        valid = number.isNotNull().and(not(isnan(number))).and(abs(number).notEqual(Double.POSITIVE_INFINITY));
        value = when(valid, number);
      }
      default -> {
        valid = x.isNotNull();
        value = x.cast(DataTypes.StringType);
      }
    }
    Dataset<Row> out = raw.withColumn(label.name(), value);
    if (List.of(typed.columns()).contains(SchemaContract.FIRST_VIOLATION)) {
      Column flag = when(x.isNull(), violation(ViolationCode.LABEL_MISSING, label.name()))
          .when(not(valid), violation(ViolationCode.LABEL_INVALID, label.name()));
      out = out.withColumn(SchemaContract.FIRST_VIOLATION, coalesce(col(SchemaContract.FIRST_VIOLATION), flag));
      if (List.of(typed.columns()).contains(SchemaContract.VIOLATIONS)) {
        out = out.withColumn(SchemaContract.VIOLATIONS, concat(col(SchemaContract.VIOLATIONS),
            filter(array(flag), Column::isNotNull)));
      }
    }
    return out.drop(RAW_LABEL);
  }

  /** The label type a kind's prepared table holds. */
  public static DataType labelType(LabelKind kind) {
    return switch (kind) {
      case BINARY -> DataTypes.IntegerType;
      case MULTICLASS -> DataTypes.StringType;
      case REGRESSION -> DataTypes.DoubleType;
    };
  }

  private static Column violation(ViolationCode code, String column) {
    return struct(lit(code.name()).as("code"), lit(column).as("column"));
  }

  // A bad expression is a config mistake: name the key, not a Spark stack trace.
  private static Dataset<Row> add(Dataset<Row> rows, String name, String sql, DataType type, String key) {
    try {
      return rows.withColumn(name, type == null ? expr(sql) : expr(sql).cast(type));
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException
          || e instanceof org.apache.spark.sql.catalyst.parser.ParseException) {
        throw Errors.badExpression(key, sql, e.getMessage());
      }
      throw e;
    }
  }
}
