package io.lakeml.internal.lakehouse;

import io.lakeml.errors.Errors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the lakehouse's Delta tables queryable by their stable names in the session catalog, so
 * plain SQL, {@code VERSION AS OF} and {@code TIMESTAMP AS OF} work on them.
 */
public final class LakehouseCatalog {
  private LakehouseCatalog() {}

  /** Registers every Delta table under the tables root; returns their names, sorted. */
  public static List<String> registerAll(SparkSession spark, Lakehouse lakehouse) {
    List<String> names = new ArrayList<>();
    for (String name : tableDirectories(spark, lakehouse)) {
      String path = lakehouse.tablePath(name);
      if (DeltaTables.exists(spark, path)) {
        spark.sql(
            String.format(
                "CREATE TABLE IF NOT EXISTS `%s` USING DELTA LOCATION '%s'",
                name, path.replace("'", "\\'")));
        names.add(name);
      }
    }
    return names;
  }

  private static List<String> tableDirectories(SparkSession spark, Lakehouse lakehouse) {
    Path root = new Path(lakehouse.tablesRoot());
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus s : fs.listStatus(root)) {
        if (s.isDirectory() && s.getPath().getName().matches("[a-z][a-z0-9_]*")) {
          names.add(s.getPath().getName());
        }
      }
      names.sort(String::compareTo);
      return names;
    } catch (IOException e) {
      throw Errors.storageFailed("list the tables under", root.toString(), e);
    }
  }
}
