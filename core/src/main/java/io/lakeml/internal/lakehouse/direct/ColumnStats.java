package io.lakeml.internal.lakehouse.direct;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Delta's per-file statistics of the layout's statistics columns (numeric only), gathered while
 * the rows are written: minimum, maximum and null count, plus the row count. A column with a NaN
 * in the file gets no bounds (Delta then reads the file for any predicate on it), never wrong ones.
 */
final class ColumnStats {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> names;
  private final int[] varyingOrdinal; // -1: a constant
  private final ConstantValue[] constant;
  private final boolean[] integral;
  private final DataType[] types;
  private final double[] min;
  private final double[] max;
  private final long[] minLong;
  private final long[] maxLong;
  private final long[] nulls;
  private final boolean[] nan;
  private final boolean[] seen;

  ColumnStats(DirectLayout layout) {
    names = layout.statsColumns();
    int n = names.size();
    varyingOrdinal = new int[n];
    constant = new ConstantValue[n];
    integral = new boolean[n];
    types = new DataType[n];
    min = new double[n];
    max = new double[n];
    minLong = new long[n];
    maxLong = new long[n];
    nulls = new long[n];
    nan = new boolean[n];
    seen = new boolean[n];
    List<String> varying = List.of(layout.varying().fieldNames());
    List<String> constants = List.of(layout.constantFields().fieldNames());
    for (int c = 0; c < n; c++) {
      String name = names.get(c);
      varyingOrdinal[c] = varying.indexOf(name);
      types[c] = varyingOrdinal[c] >= 0 ? layout.varying().apply(name).dataType() : layout.constantFields().apply(name).dataType();
      integral[c] = types[c] != DataTypes.DoubleType && types[c] != DataTypes.FloatType;
      if (varyingOrdinal[c] < 0) {
        constant[c] = layout.constantValues().get(constants.indexOf(name));
      }
    }
  }

  void add(InternalRow varying) {
    for (int c = 0; c < varyingOrdinal.length; c++) {
      int o = varyingOrdinal[c];
      if (o < 0) {
        continue;
      }
      if (varying.isNullAt(o)) {
        nulls[c]++;
      } else if (integral[c]) {
        long v = types[c] == DataTypes.LongType ? varying.getLong(o) : types[c] == DataTypes.IntegerType ? varying.getInt(o)
            : types[c] == DataTypes.ShortType ? varying.getShort(o) : varying.getByte(o);
        minLong[c] = seen[c] ? Math.min(minLong[c], v) : v;
        maxLong[c] = seen[c] ? Math.max(maxLong[c], v) : v;
        seen[c] = true;
      } else {
        double v = types[c] == DataTypes.DoubleType ? varying.getDouble(o) : varying.getFloat(o);
        nan[c] |= Double.isNaN(v);
        min[c] = seen[c] ? Math.min(min[c], v) : v;
        max[c] = seen[c] ? Math.max(max[c], v) : v;
        seen[c] = true;
      }
    }
  }

  /** Delta's {@code stats} JSON of a file of {@code rows} rows. */
  String json(long rows) {
    ObjectNode root = JSON.createObjectNode();
    root.put("numRecords", rows);
    ObjectNode mins = root.putObject("minValues");
    ObjectNode maxs = root.putObject("maxValues");
    ObjectNode nullCounts = root.putObject("nullCount");
    for (int c = 0; c < names.size(); c++) {
      String name = names.get(c);
      if (constant[c] != null) {
        nullCounts.put(name, constant[c].isNull() ? rows : 0);
        bound(mins, maxs, name, constant[c].internal(), rows);
      } else {
        nullCounts.put(name, nulls[c]);
        if (seen[c] && integral[c]) {
          mins.put(name, minLong[c]);
          maxs.put(name, maxLong[c]);
        } else if (seen[c] && !nan[c]) {
          mins.put(name, types[c] == DataTypes.FloatType ? (float) min[c] : min[c]);
          maxs.put(name, types[c] == DataTypes.FloatType ? (float) max[c] : max[c]);
        }
      }
    }
    return root.toString();
  }

  private static void bound(ObjectNode mins, ObjectNode maxs, String name, Object v, long rows) {
    if (v == null || rows == 0) {
      return;
    }
    if (v instanceof Double d && !d.isNaN()) {
      mins.put(name, d);
      maxs.put(name, d);
    } else if (v instanceof Float f && !f.isNaN()) {
      mins.put(name, f);
      maxs.put(name, f);
    } else if (v instanceof Integer i) {
      mins.put(name, i);
      maxs.put(name, i);
    } else if (v instanceof Long l) {
      mins.put(name, l);
      maxs.put(name, l);
    }
  }
}
