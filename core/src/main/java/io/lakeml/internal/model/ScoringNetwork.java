package io.lakeml.internal.model;

import io.lakeml.internal.features.SparseRows;
import java.util.IdentityHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network ready to score sparse mini-batches. One-hot features make the first dense layer a sum
 * of a few weight rows per example, so it is computed from the active values alone (a few dozen
 * multiply-adds per unit instead of one per category); the layers after it run in DL4J as they
 * are. An embedding layer first (a dense layer without bias over one-hot blocks) becomes a sum of
 * one embedding row per feature. Networks whose first layer is not dense are scored densely by DL4J.
 * Built once per executor thread and model (a DL4J network is not thread-safe) and reused across
 * tasks and batches.
 */
public final class ScoringNetwork {
  private static final ThreadLocal<Map<float[], ScoringNetwork>> CACHE = ThreadLocal.withInitial(IdentityHashMap::new);
  private static final int CACHED_MODELS = 8;

  private final MultiLayerNetwork net;
  private final int width;
  private final boolean sparseFirstLayer;
  private final int units;
  private final float[] weights; // input-major: the weights of input i are [i * units, (i + 1) * units)
  private final float[] bias;
  private final IActivation activation;
  private final DenseForward.Act jvmActivation;
  private final DenseForward tail;
  private float[] hidden = new float[0]; // the first layer's output, reused: see DenseForward's outputs

  private ScoringNetwork(String confJson, float[] params) {
    MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(confJson);
    this.net = new MultiLayerNetwork(conf);
    net.init(Nd4j.create(params, new long[] {1, params.length}, DataType.FLOAT), false);
    INDArray w = net.getLayer(0).getParam("W");
    this.width = (int) w.size(0);
    var first = conf.getConf(0).getLayer();
    // An embedding layer is a dense layer without bias: its sparse form sums one embedding row per feature.
    this.sparseFirstLayer = first.getClass() == DenseLayer.class && !((DenseLayer) first).hasLayerNorm()
        && conf.getInputPreProcessors().isEmpty();
    this.units = (int) w.size(1);
    this.weights = sparseFirstLayer ? DenseForward.inputMajor(w) : null;
    this.bias = !sparseFirstLayer ? null : ((DenseLayer) first).hasBias()
        ? DenseForward.flushSubnormals(net.getLayer(0).getParam("b").toFloatVector()) : new float[units];
    this.activation = first instanceof DenseLayer d ? d.getActivationFn() : null;
    this.jvmActivation = activation == null ? null : DenseForward.Act.of(activation).orElse(null);
    this.tail = sparseFirstLayer && jvmActivation != null && jvmActivation != DenseForward.Act.SOFTMAX
        ? DenseForward.of(conf, net, 1).orElse(null) : null;
  }

  /** This thread's scoring network for a model's configuration and parameters. */
  public static ScoringNetwork forThread(String confJson, float[] params) {
    Map<float[], ScoringNetwork> cache = CACHE.get();
    ScoringNetwork cached = cache.get(params);
    if (cached == null) {
      if (cache.size() >= CACHED_MODELS) {
        cache.clear();
      }
      cached = new ScoringNetwork(confJson, params);
      cache.put(params, cached);
    }
    return cached;
  }

  public int width() {
    return width;
  }

  /** Probability of the positive class (the last output) of each row. */
  public double[] positiveProbabilities(SparseRows batch) {
    return sparseFirstLayer ? sparseProbabilities(batch) : denseProbabilities(batch);
  }

  /** The first layer from the active values only, then either the JVM forward pass or DL4J's layers. */
  private double[] sparseProbabilities(SparseRows batch) {
    float[] h = firstLayer(batch);
    if (tail != null) {
      jvmActivation.apply(h, batch.rows(), units);
      return tail.lastColumn(h, batch.rows(), units);
    }
    INDArray out = dl4jTail(h.length == batch.rows() * units ? h : java.util.Arrays.copyOf(h, batch.rows() * units),
        batch.rows());
    return out.getColumn(out.size(1) - 1).toDoubleVector();
  }

  private float[] firstLayer(SparseRows batch) {
    int rows = batch.rows();
    int[] start = batch.rowStart();
    int[] idx = batch.indices();
    float[] val = batch.values();
    if (hidden.length < rows * units) {
      hidden = new float[rows * units];
    }
    float[] h = hidden; // every value is set below (bias first)
    for (int r = 0; r < rows; r++) {
      int base = r * units;
      System.arraycopy(bias, 0, h, base, units);
      int k = start[r];
      int end = start[r + 1];
      for (; k + 1 < end; k += 2) { // two active inputs per pass over the row's units
        float x0 = val[k];
        float x1 = val[k + 1];
        int o0 = idx[k] * units;
        int o1 = idx[k + 1] * units;
        for (int j = 0; j < units; j++) {
          h[base + j] += x0 * weights[o0 + j] + x1 * weights[o1 + j];
        }
      }
      if (k < end) {
        float x = val[k];
        int off = idx[k] * units;
        for (int j = 0; j < units; j++) {
          h[base + j] += x * weights[off + j];
        }
      }
    }
    return h;
  }

  private INDArray dl4jTail(float[] h, int rows) {
    INDArray a = activation.getActivation(Nd4j.create(h, new long[] {rows, units}, DataType.FLOAT), false);
    LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
    for (int l = 1; l < net.getnLayers(); l++) {
      a = net.getLayer(l).activate(a, false, noWorkspaces);
    }
    return a;
  }

  /** Units of the output layer: the classes of a classifier, 1 for regression. */
  public int outputCount() {
    return (int) net.getLayer(net.getnLayers() - 1).getParam("W").size(1);
  }

  /**
   * Every output of each row, row-major (rows x {@link #outputCount}): the class probabilities of
   * a classifier, the (standardised) prediction of a regression network.
   */
  public double[] outputs(SparseRows batch) {
    if (!sparseFirstLayer) {
      return flatten(net.output(Nd4j.create(batch.dense(width), new long[] {batch.rows(), width}, DataType.FLOAT), false));
    }
    float[] h = firstLayer(batch);
    if (tail != null) {
      jvmActivation.apply(h, batch.rows(), units);
      return tail.allColumns(h, batch.rows(), units);
    }
    return flatten(dl4jTail(h.length == batch.rows() * units ? h : java.util.Arrays.copyOf(h, batch.rows() * units),
        batch.rows()));
  }

  /** DL4J's own dense forward pass, every output (what {@link #outputs} must agree with). */
  public double[] denseOutputs(SparseRows batch) {
    return flatten(net.output(Nd4j.create(batch.dense(width), new long[] {batch.rows(), width}, DataType.FLOAT), false));
  }

  private static double[] flatten(INDArray out) {
    double[][] m = out.toDoubleMatrix();
    int k = m.length == 0 ? 0 : m[0].length;
    double[] flat = new double[m.length * k];
    for (int r = 0; r < m.length; r++) {
      System.arraycopy(m[r], 0, flat, r * k, k);
    }
    return flat;
  }

  /** DL4J's own dense forward pass on the same rows (what the sparse path must agree with). */
  public double[] denseProbabilities(SparseRows batch) {
    INDArray out = net.output(Nd4j.create(batch.dense(width), new long[] {batch.rows(), width}, DataType.FLOAT), false);
    return out.getColumn(out.size(1) - 1).toDoubleVector();
  }

  public boolean sparseFirstLayer() {
    return sparseFirstLayer;
  }

  /** Whether the layers after the first run as JVM loops ({@link DenseForward}) rather than in DL4J. */
  public boolean jvmForward() {
    return tail != null;
  }
}
