package io.lakeml.evaluate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.lakeml.errors.Errors;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import scala.Tuple2;

/**
 * The report's ROC curve (with its AUC in the legend) and calibration (reliability) plot as PNG
 * files, drawn by JFreeChart (headless), with axis labels and ticks. The curve is down-sampled by
 * Spark to about a thousand points; only those and ten calibration bins reach the driver.
 */
final class Plots {
  private static final int SIZE = 480;

  private Plots() {}

  static void write(Configuration hadoop, String dir, Dataset<Row> scored) {
    System.setProperty("java.awt.headless", "true");
    BinaryClassificationMetrics curve = new BinaryClassificationMetrics(scored.select("score", "label").javaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), ((Number) r.get(1)).doubleValue())).rdd(), 1000);
    XYSeries roc = new XYSeries(String.format(Locale.ROOT, "model (AUC %.4f)", curve.areaUnderROC()), false);
    for (Object o : curve.roc().toJavaRDD().collect()) {
      Tuple2<?, ?> t = (Tuple2<?, ?>) o;
      roc.add((Double) t._1(), (Double) t._2());
    }
    save(hadoop, dir + "/roc.png", chart("ROC curve", "false positive rate", "true positive rate", roc, "chance", false));
    save(hadoop, dir + "/calibration.png", chart("Calibration (10 score bins)", "mean score", "observed positive rate",
        calibration(scored), "perfectly calibrated", true));
  }

  private static XYSeries calibration(Dataset<Row> scored) {
    XYSeries points = new XYSeries("model", false);
    for (Row r : scored.groupBy(least(floor(col("score").multiply(10)), lit(9)).as("bin"))
        .agg(avg("score"), avg(col("label").cast("double")), count(lit(1))).orderBy("bin").collectAsList()) {
      points.add(r.getDouble(1), r.getDouble(2));
    }
    return points;
  }

  /** A unit-square XY chart of {@code series} against the diagonal, named {@code diagonal}. */
  private static JFreeChart chart(String title, String x, String y, XYSeries series, String diagonal, boolean shapes) {
    XYSeries line = new XYSeries(diagonal);
    line.add(0, 0);
    line.add(1, 1);
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(series);
    data.addSeries(line);
    JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (NumberAxis axis : new NumberAxis[] {(NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis()}) {
      axis.setRange(0, 1);
      axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.1));
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, new Color(0, 90, 180));
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    renderer.setSeriesShapesVisible(0, shapes);
    renderer.setSeriesPaint(1, Color.GRAY);
    renderer.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {4f, 4f}, 0f));
    plot.setRenderer(renderer);
    return chart;
  }

  private static void save(Configuration hadoop, String file, JFreeChart chart) {
    Path p = new Path(file);
    try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
      ChartUtils.writeChartAsPNG(out, chart, SIZE, SIZE);
    } catch (IOException e) {
      throw Errors.storageFailed("write the plot", file, e);
    }
  }
}
