package io.lakeml.dataset;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The column types a dataset config may declare, and the Spark type each is cast to. */
public enum ColumnType {
  STRING(DataTypes.StringType),
  INT(DataTypes.IntegerType),
  LONG(DataTypes.LongType),
  DOUBLE(DataTypes.DoubleType),
  BOOLEAN(DataTypes.BooleanType),
  DATE(DataTypes.DateType),
  TIMESTAMP(DataTypes.TimestampType);

  private final DataType sparkType;

  ColumnType(DataType sparkType) {
    this.sparkType = sparkType;
  }

  public DataType sparkType() {
    return sparkType;
  }

  public boolean isNumeric() {
    return this == INT || this == LONG || this == DOUBLE;
  }
}
