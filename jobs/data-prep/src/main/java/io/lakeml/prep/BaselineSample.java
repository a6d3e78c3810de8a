package io.lakeml.prep;

import static io.lakeml.dataset.SchemaContract.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.RowIdentity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * The rows the drift baseline describes: every accepted row whose row identity hash
 * ({@code row_hash}) falls in one of {@code every} buckets (deterministic, independent of values;
 * equal rows are in or out together): between half of {@link #ROWS} and {@link #ROWS} of them, or
 * all rows when there are fewer. When the source's size is known before the scan (Parquet
 * footers), the sample is gathered while the rows are written; otherwise, or when the window
 * turned out much smaller than the source, it is read back from the rows just committed.
 */
final class BaselineSample {
  /**
   * Most rows in a sample: with at least half as many, a quantile's rank error (standard deviation
   * 0.5/sqrt(rows)) and a category share's standard error (at most the same) stay below 0.32
   * percentage points, well below what drift monitoring tells apart; gathering twice as many cost
   * a twentieth of data-prep's time.
   */
  static final long ROWS = 50_000;
  /** The column {@link #mark} adds. */
  static final String COLUMN = "_baseline_sample";
  private static final String METRIC = "baseline_sample";

  private final DatasetConfig dataset;
  private final long every;

  private BaselineSample(DatasetConfig dataset, long every) {
    this.dataset = dataset;
    this.every = every;
  }

  /** Plans the sample of a run over a source of {@code sourceRows} rows (empty when unknown). */
  static BaselineSample plan(DatasetConfig dataset, OptionalLong sourceRows) {
    return new BaselineSample(dataset, sourceRows.isPresent() ? every(sourceRows.getAsLong()) : 0);
  }

  /** One bucket in {@code every} keeps at most {@link #ROWS} of {@code rows}. */
  static long every(long rows) {
    return Math.max(1, (rows + ROWS - 1) / ROWS);
  }

  /**
   * {@code checked} (contracted rows, with their first violation) with a column holding the sampled
   * accepted rows' values, null elsewhere: computed with the rows' other columns, so the
   * {@link #collector} that gathers them has nothing to evaluate per row. Unchanged when no sample
   * is gathered during the write. Drop {@link #COLUMN} before writing.
   */
  Dataset<Row> mark(Dataset<Row> checked) {
    if (every == 0) {
      return checked;
    }
    Column sampled = col(io.lakeml.dataset.SchemaContract.FIRST_VIOLATION).isNull().and(inSample(every));
    return checked.withColumn(COLUMN, when(sampled, struct(columns(dataset))));
  }

  /** The aggregate gathering the {@link #mark}ed rows during the write; none when not planned. */
  Map<String, Column> collector() {
    return every == 0 ? Map.of() : Map.of(METRIC, collect_list(col(COLUMN)));
  }

  /**
   * The sample: the one gathered during the write when it is large enough to describe the
   * {@code acceptedRows} written, otherwise read back from {@code written} (at most about
   * {@link #ROWS} rows reach the driver either way). In a fixed order: what is computed from it
   * comes out the same every time.
   */
  @SuppressWarnings("unchecked")
  List<Row> of(Map<String, Object> observed, Supplier<Dataset<Row>> written, long acceptedRows) {
    Object gathered = observed.get(METRIC);
    boolean enough = every == 1 || (every > 1 && acceptedRows / every >= ROWS / 2);
    List<Row> rows = gathered != null && enough
        ? new ArrayList<>(JavaConverters.seqAsJavaList((scala.collection.Seq<Row>) gathered))
        : new ArrayList<>(select(written.get(), every(acceptedRows)).collectAsList());
    rows.sort(Comparator.comparingLong((Row r) -> r.getLong(0)).thenComparing(Row::toString));
    return rows;
  }

  /** The sampled rows of {@code rows} at one in {@code every}, in the sample's columns. */
  Dataset<Row> select(Dataset<Row> rows, long every) {
    return (every == 1 ? rows : rows.where(inSample(every))).select(columns(dataset));
  }

  private static Column inSample(long every) {
    return pmod(col(quote(RowIdentity.COLUMN)), lit(every)).equalTo(0);
  }

  private static Column[] columns(DatasetConfig d) {
    List<Column> c = new ArrayList<>();
    c.add(col(quote(RowIdentity.COLUMN)));
    d.features().all().forEach(f -> c.add(col(quote(f))));
    return c.toArray(Column[]::new);
  }

}
