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
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The report's ROC curve and calibration (reliability) plot as PNG files, drawn with Java's own
 * imaging (headless). The curve is down-sampled by Spark to about a thousand points; only those
 * and ten calibration bins reach the driver.
 */
final class Plots {
  private static final int SIZE = 480;
  private static final int MARGIN = 50;

  private Plots() {}

  static void write(Configuration hadoop, String dir, Dataset<Row> scored) {
    System.setProperty("java.awt.headless", "true");
    BinaryClassificationMetrics curve = new BinaryClassificationMetrics(scored.select("score", "label").javaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), ((Number) r.get(1)).doubleValue())).rdd(), 1000);
    List<double[]> roc = new ArrayList<>();
    for (Object o : curve.roc().toJavaRDD().collect()) {
      Tuple2<?, ?> t = (Tuple2<?, ?>) o;
      roc.add(new double[] {(Double) t._1(), (Double) t._2()});
    }
    save(hadoop, dir + "/roc.png", draw("ROC (false positive rate vs true positive rate)", roc, true));
    save(hadoop, dir + "/calibration.png", draw("Calibration (mean score vs positive rate, 10 bins)", calibration(scored), false));
  }

  private static List<double[]> calibration(Dataset<Row> scored) {
    List<double[]> points = new ArrayList<>();
    for (Row r : scored.groupBy(least(floor(col("score").multiply(10)), lit(9)).as("bin"))
        .agg(avg("score"), avg(col("label").cast("double")), count(lit(1))).orderBy("bin").collectAsList()) {
      points.add(new double[] {r.getDouble(1), r.getDouble(2)});
    }
    return points;
  }

  private static BufferedImage draw(String title, List<double[]> points, boolean line) {
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, SIZE, SIZE);
    int plot = SIZE - 2 * MARGIN;
    g.setColor(Color.BLACK);
    g.drawRect(MARGIN, MARGIN, plot, plot);
    g.drawString(title, MARGIN, MARGIN - 15);
    g.drawString("0", MARGIN - 12, SIZE - MARGIN + 15);
    g.drawString("1", SIZE - MARGIN, SIZE - MARGIN + 15);
    g.drawString("1", MARGIN - 12, MARGIN + 5);
    g.setColor(Color.LIGHT_GRAY);
    g.drawLine(MARGIN, SIZE - MARGIN, SIZE - MARGIN, MARGIN); // chance / perfect calibration
    g.setColor(new Color(0, 90, 180));
    g.setStroke(new BasicStroke(2f));
    int[] prev = null;
    for (double[] p : points) {
      int[] xy = {MARGIN + (int) (p[0] * plot), SIZE - MARGIN - (int) (p[1] * plot)};
      if (line && prev != null) {
        g.drawLine(prev[0], prev[1], xy[0], xy[1]);
      }
      if (!line) {
        g.fillOval(xy[0] - 4, xy[1] - 4, 8, 8);
      }
      prev = xy;
    }
    g.dispose();
    return img;
  }

  private static void save(Configuration hadoop, String file, BufferedImage img) {
    Path p = new Path(file);
    try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(img, "png", png);
      out.write(png.toByteArray());
    } catch (IOException e) {
      throw Errors.storageFailed("write the plot", file, e);
    }
  }
}
