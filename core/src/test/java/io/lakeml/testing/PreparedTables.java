package io.lakeml.testing;

import io.lakeml.config.LakemlConfig;
import io.lakeml.internal.data.SyntheticFlights;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DateWindow;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.internal.lakehouse.WindowedWrite;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A {@code prepared_<dataset>} table for the stages after data-prep, built from synthetic flights
 * with the same shared contract, derivations and row identity data-prep uses (without its checks).
 */
public final class PreparedTables {
  private PreparedTables() {}

  /** Writes {@code rows} synthetic flights as prepared data; returns the Delta version. */
  public static long write(SparkSession spark, LakemlConfig config, SyntheticSpec spec) {
    DatasetConfig d = config.requireDataset();
    Dataset<Row> raw = SyntheticFlights.generate(spark, spec);
    Dataset<Row> contracted = SchemaContract.forTraining(d).apply(raw, "synthetic");
    Dataset<Row> prepared = DerivedColumns.withLabel(DerivedColumns.withDerived(contracted, d), d)
        .drop(SchemaContract.VIOLATIONS, SchemaContract.FIRST_VIOLATION, SchemaContract.ORIGINAL);
    String path = Lakehouse.of(config).tablePath(TableNames.prepared(d.name()));
    return WindowedWrite.write(prepared, path, DateWindow.ALL, "test");
  }
}
