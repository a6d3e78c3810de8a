package io.lakeml.internal.lakehouse.direct;

import io.lakeml.internal.lakehouse.DirectFile;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * One Parquet data file written straight from Spark's internal rows through parquet-mr's column
 * writers, without Spark's row-by-row write path (its per-field record consumer, the sort a
 * partitioned write plans, and a second projection of every row). The columns whose value is the
 * same in every row of the file ({@link DirectLayout#constants()}: a run's model, run id,
 * timestamp) are written once per row group: a dictionary of one value and a single run of
 * repeated ids, whatever the row count; Spark's writer encodes, hashes and compares each of their
 * values in every row. The file reads as one Spark wrote: the same Parquet types (Spark's own
 * schema converter), the footer's Spark schema, snappy, statistics per column chunk.
 */
public final class DirectParquetFile implements Closeable {
  private static final long ROW_GROUP_BYTES = 128L << 20;
  private static final int MAX_PADDING_BYTES = 8 << 20; // parquet-mr's default, as Spark writes
  private static final int SIZE_CHECK_ROWS = 8_192;

  private final DirectLayout layout;
  private final Path path;
  private final Configuration conf;
  private final ParquetFileWriter file;
  private final CodecFactory codecs;
  private final ParquetProperties properties;
  private final ColumnStats stats;
  private final org.apache.spark.sql.types.DataType[] types;
  private ColumnChunkPageWriteStore varyingPages;
  private ColumnWriteStore store;
  private ColumnWriter[] writers;
  private long rows;
  private long groupRows;
  private boolean closed;

  private DirectParquetFile(Configuration conf, Path path, DirectLayout layout) throws IOException {
    this.layout = layout;
    this.path = path;
    this.conf = conf;
    ParquetProperties.Builder props = ParquetProperties.builder();
    layout.noDictionary().forEach(c -> props.withDictionaryEncoding(c, false));
    this.properties = props.build();
    this.file = new ParquetFileWriter(HadoopOutputFile.fromPath(path, conf), layout.parquetSchema(),
        ParquetFileWriter.Mode.CREATE, ROW_GROUP_BYTES, MAX_PADDING_BYTES);
    this.codecs = new CodecFactory(conf, properties.getPageSizeThreshold());
    this.stats = new ColumnStats(layout);
    this.types = java.util.Arrays.stream(layout.varying().fields()).map(f -> f.dataType())
        .toArray(org.apache.spark.sql.types.DataType[]::new);
    file.start();
    startRowGroup();
  }

  /** A new file at {@code path} (which must not exist) laid out as {@code layout}. */
  public static DirectParquetFile create(Configuration conf, Path path, DirectLayout layout) {
    try {
      return new DirectParquetFile(conf, path, layout);
    } catch (IOException e) {
      throw io.lakeml.errors.Errors.storageFailed("create the data file", path.toString(), e);
    }
  }

  /** Appends one row: {@code varying} holds the non-constant columns, in {@link DirectLayout#varying()} order. */
  public void write(InternalRow varying) {
    for (int i = 0; i < writers.length; i++) {
      if (varying.isNullAt(i)) {
        writers[i].writeNull(0, 0);
      } else {
        DirectLayout.writeValue(types[i], varying, i, writers[i]);
      }
    }
    stats.add(varying);
    store.endRecord();
    rows++;
    groupRows++;
    if (groupRows % SIZE_CHECK_ROWS == 0 && store.getBufferedSize() >= ROW_GROUP_BYTES) {
      flushRowGroup();
      startRowGroup();
    }
  }

  public long rows() {
    return rows;
  }

  /** Finishes the file: the last row group and the footer. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (groupRows > 0) {
        flushRowGroup();
      } else {
        store.close();
      }
      file.end(layout.footerMetadata());
      codecs.release();
    } catch (IOException e) {
      throw io.lakeml.errors.Errors.storageFailed("finish the data file", path.toString(), e);
    }
  }

  /** Closes the file and describes it for the Delta log. */
  public DirectFile finish(String relativePath, Map<String, String> partitionValues) {
    close();
    try {
      long size = path.getFileSystem(conf).getFileStatus(path).getLen();
      return new DirectFile(relativePath, partitionValues, size, rows, stats.json(rows));
    } catch (IOException e) {
      throw io.lakeml.errors.Errors.storageFailed("read the size of the data file", path.toString(), e);
    }
  }

  private void startRowGroup() {
    CodecFactory.BytesCompressor snappy = codecs.getCompressor(CompressionCodecName.SNAPPY);
    varyingPages = new ColumnChunkPageWriteStore(snappy, layout.varyingParquetSchema(), properties.getAllocator(),
        properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled());
    store = properties.newColumnWriteStore(layout.varyingParquetSchema(), varyingPages);
    List<ColumnDescriptor> columns = layout.varyingParquetSchema().getColumns();
    writers = columns.stream().map(store::getColumnWriter).toArray(ColumnWriter[]::new);
    groupRows = 0;
  }

  private void flushRowGroup() {
    try {
      store.flush();
      MessageType constants = layout.constantParquetSchema();
      ColumnChunkPageWriteStore constantPages = new ColumnChunkPageWriteStore(
          codecs.getCompressor(CompressionCodecName.UNCOMPRESSED), constants, properties.getAllocator(),
          properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled());
      List<ColumnDescriptor> columns = constants.getColumns();
      for (int c = 0; c < columns.size(); c++) {
        writeConstant(constantPages.getPageWriter(columns.get(c)), columns.get(c), layout.constantValues().get(c));
      }
      file.startBlock(groupRows);
      varyingPages.flushToFileWriter(file);
      constantPages.flushToFileWriter(file);
      file.endBlock();
      store.close();
    } catch (IOException e) {
      throw io.lakeml.errors.Errors.storageFailed("write a row group of the data file", path.toString(), e);
    }
  }

  /**
   * A column chunk of {@code groupRows} copies of one value: definition levels as one run; for a
   * value, a dictionary page holding it and a data page of one run of id 0 at bit width 0 (what
   * parquet-mr itself writes for a one-entry dictionary); booleans, which have no dictionary, as
   * bit-packed plain values. A null constant is definition levels only.
   */
  private void writeConstant(PageWriter pages, ColumnDescriptor column, ConstantValue value) throws IOException {
    int count = Math.toIntExact(groupRows);
    byte[] levelRun = concat(rleRunHeader(count), new byte[] {(byte) (value.isNull() ? 0 : 1)});
    BytesInput levels = BytesInput.concat(BytesInput.fromInt(levelRun.length), BytesInput.from(levelRun));
    Statistics<?> chunkStats = value.statistics(column.getPrimitiveType(), count);
    if (value.isNull()) {
      pages.writePage(levels, count, count, chunkStats, Encoding.BIT_PACKED, Encoding.RLE, Encoding.PLAIN);
    } else if (value.isBoolean()) {
      pages.writePage(BytesInput.concat(levels, value.bitPacked(count)), count, count, chunkStats,
          Encoding.BIT_PACKED, Encoding.RLE, Encoding.PLAIN);
    } else {
      pages.writeDictionaryPage(new DictionaryPage(value.plain(), 1, Encoding.PLAIN));
      byte[] ids = concat(new byte[] {0}, rleRunHeader(count)); // bit width 0, then one run: no value bytes
      pages.writePage(BytesInput.concat(levels, BytesInput.from(ids)), count, count, chunkStats,
          Encoding.BIT_PACKED, Encoding.RLE, Encoding.RLE_DICTIONARY);
    }
  }

  /** The header of one RLE run of {@code count} repeats (Parquet's hybrid encoding): ULEB128 of {@code count << 1}. */
  static byte[] rleRunHeader(int count) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(5);
    int v = count << 1;
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
