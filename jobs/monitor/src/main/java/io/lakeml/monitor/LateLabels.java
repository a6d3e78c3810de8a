package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.Lakehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * Labels that arrived after scoring ({@code lakeml monitor --labels TABLE_OR_PATH --key COL}): a
 * table or file holding the key of the scored rows and the label (named as the dataset's label),
 * joined to the scored rows by that key. Each key may appear once.
 */
public record LateLabels(Dataset<Row> rows, String source, String key, DatasetConfig dataset) {

  /** A lakeml table by name, or a path (a Delta table, Parquet, or CSV with a header). */
  public static LateLabels read(SparkSession spark, Lakehouse lakehouse, DatasetConfig d, String tableOrPath, String key) {
    boolean path = tableOrPath.contains("/") || tableOrPath.contains(":");
    String location = path ? tableOrPath : lakehouse.tablePath(tableOrPath);
    Dataset<Row> rows;
    try {
      rows = load(spark, location);
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException) {
        throw Errors.labelsUnreadable(tableOrPath, e.getMessage());
      }
      throw e;
    }
    List<String> columns = List.of(rows.columns());
    String label = d.label().name();
    if (!columns.contains(key) || !columns.contains(label)) {
      throw Errors.labelsMissingColumns(tableOrPath, key, label, columns);
    }
    long duplicated = rows.groupBy(col(SchemaContract.quote(key))).count().where(col("count").gt(1)).count();
    if (duplicated > 0) {
      throw Errors.duplicateLabelKeys(tableOrPath, key, duplicated);
    }
    return new LateLabels(rows, tableOrPath, key, d);
  }

  private static Dataset<Row> load(SparkSession spark, String location) {
    String lower = location.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return spark.read().option("header", "true").option("inferSchema", "true").csv(location);
    }
    if (lower.endsWith(".parquet")) {
      return spark.read().parquet(location);
    }
    boolean local = !location.contains("://") || location.startsWith("file:");
    if (local && !Files.isDirectory(Path.of(location.replaceFirst("^file:(//)?", "")).resolve("_delta_log"))
        && Files.isDirectory(Path.of(location.replaceFirst("^file:(//)?", "")))) {
      return spark.read().parquet(location);
    }
    return spark.read().format("delta").load(location);
  }

  /**
   * The labels of {@code scored}'s rows: its date, its key ({@code __key}) and the label as the
   * dataset's kind holds it ({@link InputRows#LABEL}), for the keys the labels know.
   */
  Dataset<Row> forScored(Dataset<Row> scored) {
    if (!List.of(scored.columns()).contains(key)) {
      throw Errors.labelKeyNotScored(key, dataset.name(), List.of(scored.columns()));
    }
    DataType scoredType = scored.schema().apply(key).dataType();
    DataType labelType = rows.schema().apply(key).dataType();
    boolean compatible = scoredType.equals(labelType)
        || (scoredType instanceof NumericType && labelType instanceof NumericType)
        || (scoredType instanceof StringType && labelType instanceof StringType);
    if (!compatible) {
      throw Errors.labelKeyType(source, key, labelType.simpleString(), scoredType.simpleString());
    }
    Dataset<Row> labels = DerivedColumns.withLabel(rows.select(col(SchemaContract.quote(key)).cast(scoredType).as("__key"),
        col(SchemaContract.quote(dataset.label().name())).as("__value")), withExpr(dataset))
        .select(col("__key"), col(SchemaContract.quote(dataset.label().name())).as(InputRows.LABEL));
    return scored.select(col("score_date"), col(SchemaContract.quote(key)).as("__key")).distinct()
        .join(labels, "__key");
  }

  /** The dates whose scored rows have a label here. */
  public List<LocalDate> dates(Dataset<Row> scored) {
    Dataset<Row> keys = rows.select(col(SchemaContract.quote(key)).as("__key"));
    return scored.select(col("score_date"), col(SchemaContract.quote(key)).as("__key")).join(keys, "__key")
        .select("score_date").distinct().orderBy("score_date").collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).toList();
  }

  /** The dataset with a label expression reading the labels' own column (as delivered). */
  private static DatasetConfig withExpr(DatasetConfig d) {
    return d.withLabel(new io.lakeml.dataset.LabelSpec(d.label().name(), "`__value`", d.label().kind()));
  }
}
