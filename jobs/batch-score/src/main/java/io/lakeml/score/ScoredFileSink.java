package io.lakeml.score;

import io.lakeml.internal.lakehouse.DirectFile;
import io.lakeml.internal.lakehouse.direct.DirectLayout;
import io.lakeml.internal.lakehouse.direct.DirectParquetFile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.util.SerializableConfiguration;

/**
 * One task of {@link DirectScoredWrite}: its scored rows into one file per score date under the
 * table's partition directories ({@code score_date=YYYY-MM-DD/}, as Delta's writer names them).
 * Rows arrive grouped by date when the input is (a scoring run reads one date), so no sort is
 * needed; should dates interleave, at most {@link #OPEN_FILES} files stay open and a date seen
 * again after its file was closed starts another file. Files of a task that fails stay outside
 * the Delta log (never read; a VACUUM removes them).
 */
final class ScoredFileSink {
  static final int OPEN_FILES = 16;

  private ScoredFileSink() {}

  static DirectScoredWrite.TaskFiles write(int partition, Iterator<InternalRow> rows, ScoredRowMapping mapping,
      DirectLayout layout, String dataPath, SerializableConfiguration hadoop) {
    Configuration conf = hadoop.value();
    Map<Integer, DirectParquetFile> open = new LinkedHashMap<>(OPEN_FILES, 0.75f, true); // access order: eldest = least recent
    Map<DirectParquetFile, String> names = new LinkedHashMap<>();
    List<DirectFile> files = new ArrayList<>();
    SpecificInternalRow out = mapping.newRow();
    RunningSummary summary = new RunningSummary();
    long read = 0;
    long written = 0;
    try {
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        read++;
        if (!mapping.accepted(row)) {
          continue;
        }
        int date = mapping.scoreDate(row);
        DirectParquetFile file = open.get(date);
        if (file == null) {
          if (open.size() == OPEN_FILES) {
            Map.Entry<Integer, DirectParquetFile> eldest = open.entrySet().iterator().next();
            files.add(finish(eldest.getKey(), eldest.getValue(), names));
            open.remove(eldest.getKey());
          }
          String relative = partitionDir(date) + "/" + fileName(partition);
          file = DirectParquetFile.create(conf, new Path(dataPath, relative), layout);
          names.put(file, relative);
          open.put(date, file);
        }
        mapping.fill(row, out, summary);
        file.write(out);
        written++;
      }
      for (Map.Entry<Integer, DirectParquetFile> e : open.entrySet()) {
        files.add(finish(e.getKey(), e.getValue(), names));
      }
      open.clear();
    } finally {
      open.values().forEach(DirectParquetFile::close); // after a failure: release what is still open
    }
    return new DirectScoredWrite.TaskFiles(files, read, written, summary);
  }

  private static DirectFile finish(int date, DirectParquetFile file, Map<DirectParquetFile, String> names) {
    return file.finish(names.get(file), Map.of(ScoredRows.SCORE_DATE, LocalDate.ofEpochDay(date).toString()));
  }

  static String partitionDir(int date) {
    return ScoredRows.SCORE_DATE + "=" + LocalDate.ofEpochDay(date);
  }

  /** As Spark names a task's output file (part, partition, a unique id, codec). */
  private static String fileName(int partition) {
    return String.format("part-%05d-%s.c000.snappy.parquet", partition, UUID.randomUUID());
  }
}
