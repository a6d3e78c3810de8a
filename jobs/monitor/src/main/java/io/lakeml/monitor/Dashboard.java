package io.lakeml.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import com.google.gson.Gson;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.errors.Errors;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code lakeml dashboard}: one self-contained HTML page of a dataset's scoring and monitoring,
 * drawn by Apache ECharts (inlined from its WebJar, so the page needs no network): rows scored per
 * day, batch latency, error and quarantine rates, the production version over time with fallbacks
 * and registry events, a feature x date drift heatmap, prediction drift, realized vs estimated AUC,
 * the SLA verdicts and the alerts. The data is read from the Delta tables and embedded as JSON.
 */
public final class Dashboard {
  private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  private static final String TEMPLATE = "io/lakeml/monitor/dashboard.html";

  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final DatasetConfig dataset;

  private Dashboard(SparkSession spark, Lakehouse lakehouse, DatasetConfig dataset) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.dataset = dataset;
  }

  public static Dashboard of(SparkSession spark, Lakehouse lakehouse, DatasetConfig dataset) {
    return new Dashboard(spark, lakehouse, dataset);
  }

  /** Writes {@code dashboard.html} for the dates from {@code from} to {@code to} into {@code dir}; returns its path. */
  public Path write(LocalDate from, LocalDate to, Path dir) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("dataset", dataset.name());
    data.put("from", from.toString());
    data.put("to", to.toString());
    data.put("runs", scoringRuns(from, to));
    data.put("metrics", metrics(from, to));
    data.put("alerts", rows(TableNames.ALERTS, "alert_date", from, to,
        "alert_date", "severity", "kind", "subject", "value", "threshold", "message"));
    data.put("events", events());
    if (((List<?>) data.get("runs")).isEmpty()) {
      throw Errors.nothingToShow(dataset.name(), from, to);
    }
    String page = read(TEMPLATE).replace("/*ECHARTS*/", read(ECHARTS).replace("</script", "<\\/script"))
        .replace("/*DATA*/null", new Gson().toJson(data).replace("</", "<\\/"));
    try {
      Files.createDirectories(dir);
      Path out = dir.resolve("dashboard.html");
      Files.writeString(out, page);
      return out;
    } catch (IOException e) {
      throw Errors.cannotWrite(dir.toString(), e.getMessage());
    }
  }

  /** The latest scoring run of each date: counts, latency, version, fallback. */
  private List<Map<String, Object>> scoringRuns(LocalDate from, LocalDate to) {
    String path = lakehouse.tablePath(TableNames.MONITORING);
    if (!DeltaTables.exists(spark, path)) {
      return List.of();
    }
    Dataset<Row> latest = spark.read().format("delta").load(path)
        .where(col("dataset").equalTo(dataset.name()).and(col("job").equalTo("score"))
            .and(col("score_date").between(Date.valueOf(from), Date.valueOf(to))))
        .withColumn("_n", row_number().over(Window.partitionBy("score_date").orderBy(col("recorded_at").desc())))
        .where(col("_n").equalTo(1)).orderBy("score_date");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : latest.collectAsList()) {
      Map<String, Double> m = r.getJavaMap(r.fieldIndex("metrics"));
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("date", r.getAs("score_date").toString());
      run.put("read", r.getAs("rows_read"));
      run.put("scored", r.getAs("rows_scored"));
      run.put("quarantined", r.getAs("rows_quarantined"));
      run.put("errors", r.getAs("errors"));
      run.put("version", r.getAs("model_version"));
      run.put("fallback", r.getAs("fallback"));
      run.put("p50", m == null ? null : m.get("batch_ms_p50"));
      run.put("p99", m == null ? null : m.get("batch_ms_p99"));
      out.add(run);
    }
    return out;
  }

  private List<Map<String, Object>> metrics(LocalDate from, LocalDate to) {
    return rows(TableNames.MONITORING_METRICS, "date", from, to, "date", "variant", "metric", "feature", "value",
        "threshold", "status", "model_version");
  }

  private List<Map<String, Object>> events() {
    String path = lakehouse.tablePath(TableNames.MODEL_EVENTS);
    if (!DeltaTables.exists(spark, path)) {
      return List.of();
    }
    return collect(spark.read().format("delta").load(path).where(col("name").equalTo(dataset.name()))
        .orderBy("at").select("at", "version", "event", "from_stage", "to_stage", "who", "why"));
  }

  private List<Map<String, Object>> rows(String table, String dateColumn, LocalDate from, LocalDate to, String... columns) {
    String path = lakehouse.tablePath(table);
    if (!DeltaTables.exists(spark, path)) {
      return List.of();
    }
    Dataset<Row> rows = spark.read().format("delta").load(path);
    if (!List.of(rows.columns()).contains(dateColumn)) {
      return List.of();
    }
    return collect(rows.where(col("dataset").equalTo(dataset.name())
            .and(col(dateColumn).between(Date.valueOf(from), Date.valueOf(to))))
        .orderBy(dateColumn).select(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length)));
  }

  private static List<Map<String, Object>> collect(Dataset<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    String[] names = rows.columns();
    for (Row r : rows.collectAsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < names.length; i++) {
        Object v = r.get(i);
        m.put(names[i], v instanceof java.util.Date || v instanceof java.time.temporal.Temporal ? v.toString() : v);
      }
      out.add(m);
    }
    return out;
  }

  private static String read(String resource) {
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + resource + " on the classpath: a packaging bug");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
