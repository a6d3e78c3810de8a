package io.lakeml.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Appends each row's positive-class probability as {@link #SCORE}: the network runs inside
 * mapPartitions on mini-batches, rebuilt once per executor thread; no row reaches the driver.
 */
public final class BatchScorer {
  public static final String SCORE = "score";

  private BatchScorer() {}

  public static Dataset<Row> score(Dataset<Row> withFeatures, LoadedModel model, String featuresColumn, int batchSize) {
    StructType out = withFeatures.schema().add(SCORE, DataTypes.DoubleType);
    int featureIndex = withFeatures.schema().fieldIndex(featuresColumn);
    Broadcast<float[]> params = JavaSparkContext.fromSparkContext(withFeatures.sparkSession().sparkContext())
        .broadcast(model.params());
    String conf = model.confJson();
    return withFeatures.mapPartitions((MapPartitionsFunction<Row, Row>) rows ->
        new Scored(rows, Networks.withParams(conf, params.value()), featureIndex, batchSize), Encoders.row(out));
  }

  /** Scores the rows of one partition a mini-batch at a time, in order. */
  private static final class Scored implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final MultiLayerNetwork net;
    private final int featureIndex;
    private final int batchSize;
    private List<Row> batch = List.of();
    private int next;

    Scored(Iterator<Row> rows, MultiLayerNetwork net, int featureIndex, int batchSize) {
      this.rows = rows;
      this.net = net;
      this.featureIndex = featureIndex;
      this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
      if (next < batch.size()) {
        return true;
      }
      if (!rows.hasNext()) {
        return false;
      }
      List<Row> in = new ArrayList<>(batchSize);
      while (rows.hasNext() && in.size() < batchSize) {
        in.add(rows.next());
      }
      batch = scoreBatch(in);
      next = 0;
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return batch.get(next++);
    }

    private List<Row> scoreBatch(List<Row> in) {
      int width = ((Vector) in.get(0).get(featureIndex)).size();
      float[] dense = new float[in.size() * width];
      for (int r = 0; r < in.size(); r++) {
        Vector v = (Vector) in.get(r).get(featureIndex);
        int row = r;
        v.foreachActive((i, x) -> {
          dense[row * width + (Integer) i] = (float) (double) (Double) x;
          return scala.runtime.BoxedUnit.UNIT;
        });
      }
      INDArray probs = net.output(Nd4j.create(dense, new long[] {in.size(), width}, DataType.FLOAT), false);
      int positive = (int) probs.size(1) - 1;
      List<Row> out = new ArrayList<>(in.size());
      for (int r = 0; r < in.size(); r++) {
        Object[] values = new Object[in.get(r).length() + 1];
        for (int c = 0; c < values.length - 1; c++) {
          values[c] = in.get(r).get(c);
        }
        values[values.length - 1] = probs.getDouble(r, positive);
        out.add(RowFactory.create(values));
      }
      return out;
    }
  }
}
