package io.lakeml.internal.lakehouse.direct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How a table's data files are laid out by {@link DirectParquetFile}: the table's (non-partition)
 * columns, which of them hold one value for the whole write (constants), which are written
 * without a dictionary, and which get Delta statistics. The file stores the varying columns first,
 * then the constants (Delta and Spark read Parquet columns by name, so the order in the file does
 * not matter to them). Types: booleans, integers, floating point, strings, dates and timestamps
 * ({@link #supports}).
 */
public final class DirectLayout implements Serializable {
  private static final String SCHEMA = "spark_schema";
  private static final Set<DataType> TYPES = Set.of(DataTypes.BooleanType, DataTypes.ByteType, DataTypes.ShortType,
      DataTypes.IntegerType, DataTypes.LongType, DataTypes.FloatType, DataTypes.DoubleType, DataTypes.StringType,
      DataTypes.DateType, DataTypes.TimestampType);
  private static final Set<DataType> STATS_TYPES = Set.of(DataTypes.ByteType, DataTypes.ShortType,
      DataTypes.IntegerType, DataTypes.LongType, DataTypes.FloatType, DataTypes.DoubleType);

  private final StructType varying;
  private final StructType constantFields;
  private final List<ConstantValue> constants;
  private final List<String> noDictionary;
  private final List<String> statsColumns;
  private transient MessageType parquet;

  private DirectLayout(StructType varying, StructType constantFields, List<ConstantValue> constants,
      List<String> noDictionary, List<String> statsColumns) {
    this.varying = varying;
    this.constantFields = constantFields;
    this.constants = constants;
    this.noDictionary = noDictionary;
    this.statsColumns = statsColumns;
  }

  /** Whether every column of {@code schema} can be written, and every statistics column is numeric. */
  public static boolean supports(StructType schema, List<String> statsColumns) {
    for (StructField f : schema.fields()) {
      if (!TYPES.contains(f.dataType())) {
        return false;
      }
    }
    List<String> names = List.of(schema.fieldNames());
    return statsColumns.stream().allMatch(c -> names.contains(c) && STATS_TYPES.contains(schema.apply(c).dataType()));
  }

  /**
   * The layout of {@code schema}'s columns; {@code constants} maps the columns that hold one value
   * in every row to that value (Java: String, Boolean, Integer, Long, Double, Float,
   * java.sql.Timestamp, java.sql.Date; null for a column of nulls).
   */
  public static DirectLayout of(StructType schema, Map<String, Object> constants, List<String> noDictionary,
      List<String> statsColumns) {
    io.lakeml.errors.Preconditions.checkArgument(supports(schema, statsColumns),
        "Cannot lay out %s with statistics on %s: a column type is not supported", schema.simpleString(), statsColumns);
    StructType varying = new StructType();
    StructType constantFields = new StructType();
    List<ConstantValue> values = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (constants.containsKey(f.name())) {
        constantFields = constantFields.add(f);
        values.add(ConstantValue.of(f.dataType(), constants.get(f.name())));
      } else {
        varying = varying.add(f);
      }
    }
    io.lakeml.errors.Preconditions.checkArgument(schema.fieldNames().length == varying.size() + constantFields.size()
        && List.of(schema.fieldNames()).containsAll(constants.keySet()),
        "Cannot set constants %s: not all are columns of %s", constants.keySet(), schema.simpleString());
    return new DirectLayout(varying, constantFields, values, List.copyOf(noDictionary), List.copyOf(statsColumns));
  }

  /** The columns a row passed to {@link DirectParquetFile#write} holds, in this order. */
  public StructType varying() {
    return varying;
  }

  StructType constantFields() {
    return constantFields;
  }

  List<ConstantValue> constantValues() {
    return constants;
  }

  List<String> noDictionary() {
    return noDictionary;
  }

  List<String> statsColumns() {
    return statsColumns;
  }

  /** The file's Parquet schema (Spark's conversion, timestamps as INT64 microseconds as lakeml's sessions write them). */
  MessageType parquetSchema() {
    if (parquet == null) {
      SparkToParquetSchemaConverter converter = new SparkToParquetSchemaConverter(false,
          SQLConf.ParquetOutputTimestampType$.MODULE$.TIMESTAMP_MICROS(), false);
      parquet = converter.convert(physical());
    }
    return parquet;
  }

  MessageType varyingParquetSchema() {
    return new MessageType(SCHEMA, parquetSchema().getFields().subList(0, varying.size()));
  }

  MessageType constantParquetSchema() {
    List<Type> fields = parquetSchema().getFields();
    return new MessageType(SCHEMA, fields.subList(varying.size(), fields.size()));
  }

  /** The footer's key-value metadata Spark's own writer puts there (its schema and version). */
  Map<String, String> footerMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport.SPARK_METADATA_KEY(), physical().json());
    m.put(org.apache.spark.sql.package$.MODULE$.SPARK_VERSION_METADATA_KEY(), org.apache.spark.package$.MODULE$.SPARK_VERSION());
    return m;
  }

  private StructType physical() {
    StructType all = varying;
    for (StructField f : constantFields.fields()) {
      all = all.add(f);
    }
    return all;
  }

  /** Writes the non-null value of varying column {@code ordinal} of {@code row}. */
  static void writeValue(DataType type, InternalRow row, int ordinal, ColumnWriter w) {
    if (type == DataTypes.DoubleType) {
      w.write(row.getDouble(ordinal), 0, 1);
    } else if (type == DataTypes.LongType || type == DataTypes.TimestampType) {
      w.write(row.getLong(ordinal), 0, 1);
    } else if (type == DataTypes.StringType) {
      w.write(Binary.fromReusedByteArray(row.getUTF8String(ordinal).getBytes()), 0, 1);
    } else if (type == DataTypes.IntegerType || type == DataTypes.DateType) {
      w.write(row.getInt(ordinal), 0, 1);
    } else if (type == DataTypes.BooleanType) {
      w.write(row.getBoolean(ordinal), 0, 1);
    } else if (type == DataTypes.FloatType) {
      w.write(row.getFloat(ordinal), 0, 1);
    } else if (type == DataTypes.ShortType) {
      w.write(row.getShort(ordinal), 0, 1);
    } else {
      w.write(row.getByte(ordinal), 0, 1);
    }
  }
}
