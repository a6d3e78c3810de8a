package io.lakeml.train;

import io.lakeml.internal.model.Batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Synchronous data-parallel training on Spark executors: each round broadcasts the parameters and
 * updater state, every partition fits its share of mini-batches, and the driver averages the
 * results weighted by examples. Per-partition results are summed in partition order (not by a
 * tree reduce whose merge order depends on scheduling), so a seed, a data version and a
 * partitioning always give the same parameters, bit for bit. Training data never reaches the
 * driver: only parameter vectors do.
 */
final class ParameterAveraging {
  private final JavaSparkContext sc;
  private final String confJson;
  private final io.lakeml.internal.model.ModelTask task;
  private final int rounds;

  ParameterAveraging(JavaSparkContext sc, MultiLayerConfiguration conf, io.lakeml.internal.model.ModelTask task, int rounds) {
    this.sc = sc;
    this.confJson = conf.toJson();
    this.task = task;
    this.rounds = rounds;
  }

  /** Runs one round of one epoch; returns the averaged parameters and updater state. */
  Averaged round(JavaRDD<List<Batch>> partitions, float[] params, float[] updater, TrainingState at) {
    Broadcast<float[]> p = sc.broadcast(params);
    Broadcast<float[]> u = sc.broadcast(updater);
    String conf = confJson;
    io.lakeml.internal.model.ModelTask cls = task;
    int rs = rounds;
    int epoch = at.epoch();
    int round = at.round();
    int iteration = at.iteration();
    long seed = at.seed();
    List<RoundResult> results = new ArrayList<>(partitions.mapPartitionsWithIndex((index, it) -> {
      List<Batch> batches = it.hasNext() ? it.next() : List.of();
      List<Batch> share = share(batches, rs, round, seed, epoch, index);
      return List.of(fit(conf, cls, share, p.value(), u.value(), seed, epoch, round, iteration, index)).iterator();
    }, true).collect());
    p.destroy();
    u.destroy();
    results.sort(Comparator.comparingInt(RoundResult::partition));
    Averaged averaged = Averaged.of(results, params.length, updater.length);
    return averaged.examples() == 0 ? new Averaged(params, updater, 0, 0, Double.NaN) : averaged; // nothing fitted
  }

  /** This round's mini-batches of a partition: a seeded shuffle per epoch, cut into rounds. */
  static List<Batch> share(List<Batch> batches, int rounds, int round, long seed, int epoch, int partition) {
    List<Batch> order = new ArrayList<>(batches);
    Collections.shuffle(order, new Random(mix(seed, epoch, partition, -1)));
    int from = (int) ((long) order.size() * round / rounds);
    int to = (int) ((long) order.size() * (round + 1) / rounds);
    return order.subList(from, to);
  }

  private static RoundResult fit(String conf, io.lakeml.internal.model.ModelTask task, List<Batch> share, float[] params, float[] updater,
      long seed, int epoch, int round, int iteration, int partition) {
    MultiLayerNetwork net = io.lakeml.internal.model.Networks.forThread(conf);
    net.setParams(Nd4j.create(params, new long[] {1, params.length}, DataType.FLOAT));
    if (updater.length > 0) {
      net.getUpdater().setStateViewArray(net, Nd4j.create(updater, new long[] {1, updater.length}, DataType.FLOAT), false);
    }
    net.getLayerWiseConfigurations().setIterationCount(iteration);
    net.getLayerWiseConfigurations().setEpochCount(epoch);
    Nd4j.getRandom().setSeed(mix(seed, epoch, partition, round)); // dropout masks
    long examples = 0;
    double loss = 0;
    for (Batch b : share) {
      net.fit(b.toDataSet(task));
      examples += b.rows();
      loss += net.score() * b.rows();
    }
    float[] state = updater.length > 0 ? net.getUpdater().getStateViewArray().toFloatVector() : new float[0];
    return new RoundResult(partition, examples, share.size(), loss, net.params().toFloatVector(), state);
  }

  static long mix(long seed, int epoch, int partition, int round) {
    long h = seed;
    h = h * 1_000_003L + epoch;
    h = h * 1_000_003L + partition;
    h = h * 1_000_003L + round;
    return h;
  }

  /** The example-weighted average of a round, and what it cost. */
  record Averaged(float[] params, float[] updater, long examples, int batches, double meanLoss) {
    static Averaged of(List<RoundResult> results, int paramCount, int updaterCount) {
      double[] p = new double[paramCount];
      double[] u = new double[updaterCount];
      long examples = 0;
      int batches = 0;
      double loss = 0;
      for (RoundResult r : results) {
        if (r.examples() == 0) {
          continue;
        }
        for (int i = 0; i < paramCount; i++) {
          p[i] += (double) r.params()[i] * r.examples();
        }
        for (int i = 0; i < updaterCount; i++) {
          u[i] += (double) r.updaterState()[i] * r.examples();
        }
        examples += r.examples();
        batches += r.batches();
        loss += r.lossSum();
      }
      float[] pf = new float[paramCount];
      float[] uf = new float[updaterCount];
      for (int i = 0; i < paramCount; i++) {
        pf[i] = (float) (p[i] / examples);
      }
      for (int i = 0; i < updaterCount; i++) {
        uf[i] = (float) (u[i] / examples);
      }
      return new Averaged(pf, uf, examples, batches, examples == 0 ? Double.NaN : loss / examples);
    }
  }
}
