package io.lakeml.train;

import static org.apache.spark.sql.functions.col;

import io.lakeml.config.TrainConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.errors.Errors;
import io.lakeml.dataset.RowIdentity;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lineage.ContentHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The prepared rows a training run learns from, pinned to one Delta version and a window. */
record TrainingInput(
    String table, String path, long version, String contentHash, Dataset<Row> rows, String window, String label) {

  static TrainingInput read(SparkSession spark, Lakehouse lakehouse, DatasetConfig d, TrainConfig t, Optional<Long> requested) {
    String table = TableNames.prepared(d.name());
    String path = lakehouse.tablePath(table);
    long latest = DeltaTables.latestVersion(spark, path).orElseThrow(() -> Errors.noPreparedData(table, path));
    long version = requested.orElse(latest);
    if (version < 0 || version > latest) {
      throw Errors.dataVersionNotFound(table, version, latest);
    }
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(path);
    List<String> needed = new ArrayList<>(d.columnNames());
    needed.addAll(d.features().all());
    needed.add(d.label().name());
    for (String c : needed) {
      if (!List.of(rows.columns()).contains(c)) {
        throw Errors.preparedColumnMissing(table, version, c);
      }
    }
    String window = "all dates";
    if (t.from().isPresent()) {
      rows = rows.where(col(DatasetConfig.EVENT_DATE).geq(t.from().get().toString()));
      window = "from " + t.from().get();
    }
    if (t.to().isPresent()) {
      rows = rows.where(col(DatasetConfig.EVENT_DATE).leq(t.to().get().toString()));
      window += " to " + t.to().get();
    }
    String labelType = rows.schema().apply(d.label().name()).dataType().simpleString();
    String expected = io.lakeml.dataset.DerivedColumns.labelType(d.label().kind()).simpleString();
    if (!labelType.equals(expected)) {
      throw Errors.preparedLabelKind(table, version, d.label().name(), labelType, d.label().kind().name().toLowerCase());
    }
    // Prepared tables quarantine rows without a label; one written before that keeps them: skip them.
    rows = rows.where(col(SchemaContract.quote(d.label().name())).isNotNull());
    return new TrainingInput(table, path, version, ContentHash.of(rows), RowIdentity.with(rows, d), window,
        d.label().name());
  }

  /** Counts a split and refuses one that is empty or, for a classifier, has a single class; returns its size. */
  long checkTrainable(Dataset<Row> split, String name, io.lakeml.dataset.LabelKind kind) {
    if (kind == io.lakeml.dataset.LabelKind.REGRESSION) {
      long rows = split.count();
      if (rows == 0) {
        throw Errors.emptySplit(name, table, version, window);
      }
      return rows;
    }
    List<Row> classes = split.groupBy(col(SchemaContract.quote(label))).count().limit(2 + LabelEncoding.MAX_CLASSES)
        .collectAsList(); // one row per class
    long rows = classes.stream().mapToLong(r -> r.getLong(1)).sum();
    if (rows == 0) {
      throw Errors.emptySplit(name, table, version, window);
    }
    if (classes.size() < 2) {
      throw Errors.singleClass(name, label, classes.get(0).get(0));
    }
    return classes.size() > LabelEncoding.MAX_CLASSES ? split.count() : rows;
  }
}
