package io.lakeml.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of a plain dense network (dense layers and a dense output layer with common
 * activations) on JVM arrays. Scoring batches are small matrices (a few thousand rows by 64): at
 * that size ND4J's per-call costs (allocating native arrays, an op per activation, views for the
 * output column) were larger than the arithmetic. So wide layers call sgemm on native buffers
 * kept per thread, and bias, activations and the narrow output layer are plain loops.
 * {@code ScoringNetworkTest} pins the result to DL4J's own {@code output()} within 1e-5; a network
 * with anything else (other layer types, layer norm, unsupported activations) is not taken here.
 */
final class DenseForward {
  /** Layers at least this wide on both sides go through BLAS. */
  private static final int BLAS_MIN = 16;
  private final List<float[]> weights = new ArrayList<>(); // input-major: input i's weights at [i * units, (i + 1) * units)
  private final List<float[]> biases = new ArrayList<>();
  private final List<Act> activations = new ArrayList<>();
  private final List<Integer> units = new ArrayList<>();
  private final List<INDArray> nativeWeights = new ArrayList<>(); // for layers big enough for BLAS, else null
  private final java.util.Map<Long, INDArray> buffers = new java.util.HashMap<>();
  // Each layer's output, kept and reused across batches: a batch's layer output is about 1 MB, and
  // arrays that large are each a region of their own for the JVM's collector (G1 "humongous").
  private final List<float[]> outputs = new ArrayList<>();

  private DenseForward() {}

  /** The JVM forward pass of layers {@code from..} of {@code net}, when they are all supported. */
  static Optional<DenseForward> of(MultiLayerConfiguration conf, MultiLayerNetwork net, int from) {
    if (!conf.getInputPreProcessors().isEmpty()) {
      return Optional.empty();
    }
    DenseForward f = new DenseForward();
    for (int l = from; l < net.getnLayers(); l++) {
      var layer = conf.getConf(l).getLayer();
      boolean dense = layer.getClass() == DenseLayer.class && ((DenseLayer) layer).hasBias() && !((DenseLayer) layer).hasLayerNorm();
      boolean output = layer.getClass() == OutputLayer.class && ((OutputLayer) layer).hasBias();
      if (!(dense || output)) {
        return Optional.empty(); // batch normalisation, for one: DL4J runs those layers
      }
      Optional<Act> act = Act.of(((FeedForwardLayer) layer).getActivationFn());
      if (act.isEmpty() || (act.get() == Act.SOFTMAX && l != net.getnLayers() - 1)) {
        return Optional.empty();
      }
      INDArray w = net.getLayer(l).getParam("W");
      float[] inputMajor = inputMajor(w);
      f.weights.add(inputMajor);
      f.nativeWeights.add(w.size(0) >= BLAS_MIN && w.size(1) >= BLAS_MIN
          ? Nd4j.create(inputMajor, new long[] {w.size(0), w.size(1)}, 'c') : null);
      f.biases.add(flushSubnormals(net.getLayer(l).getParam("b").toFloatVector()));
      f.activations.add(act.get());
      f.units.add((int) w.size(1));
    }
    return Optional.of(f);
  }

  /**
   * Runs the layers on {@code rows} input rows of width {@code in}; returns every output of each
   * row, row-major (rows x the last layer's units).
   */
  double[] allColumns(float[] input, int rows, int in) {
    float[] x = input;
    int width = in;
    for (int l = 0; l < weights.size(); l++) {
      int n = units.get(l);
      float[] y = output(l, rows * n);
      if (nativeWeights.get(l) != null) {
        blasLayer(x, nativeWeights.get(l), biases.get(l), rows, width, n, y);
      } else {
        javaLayer(x, weights.get(l), biases.get(l), rows, width, n, y);
      }
      activations.get(l).apply(y, rows, n);
      x = y;
      width = n;
    }
    double[] out = new double[rows * width];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i];
    }
    return out;
  }

  /** Runs the layers on {@code rows} input rows of width {@code in}; returns the last column. */
  double[] lastColumn(float[] input, int rows, int in) {
    float[] x = input;
    int width = in;
    int lastLayer = weights.size() - 1;
    for (int l = 0; l < weights.size(); l++) {
      int n = units.get(l);
      if (l == lastLayer && n == 2 && activations.get(l) == Act.SOFTMAX) {
        return twoClassSoftmax(x, weights.get(l), biases.get(l), rows, width);
      }
      float[] w = weights.get(l);
      float[] b = biases.get(l);
      float[] y = output(l, rows * n);
      if (nativeWeights.get(l) != null) {
        blasLayer(x, nativeWeights.get(l), b, rows, width, n, y);
      } else {
        javaLayer(x, w, b, rows, width, n, y);
      }
      activations.get(l).apply(y, rows, n);
      x = y;
      width = n;
    }
    double[] last = new double[rows];
    for (int r = 0; r < rows; r++) {
      last[r] = x[r * width + width - 1];
    }
    return last;
  }

  /**
   * A wide layer through BLAS: the batch is copied in bulk into a native buffer kept for this
   * thread, multiplied by sgemm into another, and copied back. Allocating arrays per call, not the
   * arithmetic, was what made ND4J slow here: sgemm itself runs 4096x64x64 in about half a ms.
   */
  private float[] output(int layer, int size) {
    while (outputs.size() <= layer) {
      outputs.add(new float[0]);
    }
    if (outputs.get(layer).length < size) {
      outputs.set(layer, new float[size]);
    }
    return outputs.get(layer);
  }

  private void blasLayer(float[] x, INDArray w, float[] b, int rows, int width, int n, float[] y) {
    INDArray in = buffer(rows, width, false);
    INDArray out = buffer(rows, n, true); // never the input's: sgemm must not write what it reads
    java.nio.FloatBuffer input = in.data().asNioFloat();
    input.position(0);
    input.put(x, 0, rows * width);
    Nd4j.gemm(in, w, out, false, false, 1.0, 0.0);
    java.nio.FloatBuffer output = out.data().asNioFloat();
    output.position(0);
    output.get(y, 0, rows * n);
    for (int r = 0; r < rows; r++) {
      int yo = r * n;
      for (int j = 0; j < n; j++) {
        y[yo + j] += b[j];
      }
    }
  }

  private INDArray buffer(long rows, long columns, boolean output) {
    if (buffers.size() > 8) {
      buffers.clear(); // the last batch of each partition has its own size
    }
    return buffers.computeIfAbsent((rows * 100_000L + columns) * 2 + (output ? 1 : 0),
        k -> Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, new long[] {rows, columns}, 'c'));
  }

  /** Outputs below this many are computed as dot products; wider layers as axpy rows. */
  private static final int NARROW = 8;

  // A layer without BLAS: a narrow one (the output layer) as one dot product per row and output,
  // without branches (skipping the zeros a ReLU leaves was a branch the CPU mispredicted half the
  // time, on every input of every row); a wider one as axpy rows that skip zero inputs.
  private static void javaLayer(float[] x, float[] w, float[] b, int rows, int width, int n, float[] y) {
    if (n < NARROW) {
      dotLayer(x, w, b, rows, width, n, y);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int xo = r * width;
      int yo = r * n;
      System.arraycopy(b, 0, y, yo, n);
      for (int k = 0; k < width; k++) {
        float v = x[xo + k];
        if (v != 0) {
          int wo = k * n;
          for (int j = 0; j < n; j++) {
            y[yo + j] += v * w[wo + j];
          }
        }
      }
    }
  }

  /**
   * The second probability of a two-unit softmax output layer: softmax(z)[1] = 1 / (1 + e^(z0 - z1))
   * and z1 - z0 = x . (w1 - w0) + (b1 - b0), so one dot product per row instead of two, and no
   * normalisation pass.
   */
  private static double[] twoClassSoftmax(float[] x, float[] w, float[] b, int rows, int width) {
    float[] difference = new float[width];
    for (int k = 0; k < width; k++) {
      difference[k] = w[k * 2 + 1] - w[k * 2];
    }
    float bias = b[1] - b[0];
    double[] p = new double[rows];
    for (int r = 0; r < rows; r++) {
      float z = bias + dot(x, r * width, difference, width);
      p[r] = (float) (1.0 / (1.0 + Math.exp(-z)));
    }
    return p;
  }

  private static void dotLayer(float[] x, float[] w, float[] b, int rows, int width, int n, float[] y) {
    float[] column = new float[width];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < width; k++) {
        column[k] = w[k * n + j]; // this output's weights, contiguous
      }
      for (int r = 0; r < rows; r++) {
        y[r * n + j] = b[j] + dot(x, r * width, column, width);
      }
    }
  }

  /** Four partial sums: independent chains of multiply-adds the CPU overlaps. */
  private static float dot(float[] x, int offset, float[] w, int width) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int k = 0;
    for (; k + 3 < width; k += 4) {
      s0 += x[offset + k] * w[k];
      s1 += x[offset + k + 1] * w[k + 1];
      s2 += x[offset + k + 2] * w[k + 2];
      s3 += x[offset + k + 3] * w[k + 3];
    }
    for (; k < width; k++) {
      s0 += x[offset + k] * w[k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * The weights input-major, subnormal values flushed to zero: L2 decay leaves many weights of
   * dead units below 1e-38, and every multiplication by one costs a slow CPU microcode assist (it
   * made a 64x64 layer ten times slower); their contribution is below float precision anyway.
   */
  static float[] inputMajor(INDArray w) {
    float[][] m = w.toFloatMatrix();
    int n = m[0].length;
    float[] out = new float[m.length * n];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * n, n);
    }
    return flushSubnormals(out);
  }

  static float[] flushSubnormals(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (Math.abs(values[i]) < Float.MIN_NORMAL) {
        values[i] = 0f;
      }
    }
    return values;
  }

  /** The activations supported, computed as ND4J computes them. */
  enum Act {
    RELU, LEAKY_RELU, TANH, SIGMOID, IDENTITY, SOFTMAX;

    static Optional<Act> of(IActivation fn) {
      if (fn instanceof ActivationReLU && fn.equals(new ActivationReLU())) {
        return Optional.of(RELU);
      } else if (fn instanceof ActivationLReLU l && l.getAlpha() == ActivationLReLU.DEFAULT_ALPHA) {
        return Optional.of(LEAKY_RELU);
      } else if (fn instanceof ActivationTanH) {
        return Optional.of(TANH);
      } else if (fn instanceof ActivationSigmoid) {
        return Optional.of(SIGMOID);
      } else if (fn instanceof ActivationIdentity) {
        return Optional.of(IDENTITY);
      } else if (fn instanceof ActivationSoftmax) {
        return Optional.of(SOFTMAX);
      }
      return Optional.empty();
    }

    void apply(float[] a, int rows, int n) {
      switch (this) {
        case RELU -> {
          for (int i = 0; i < rows * n; i++) {
            a[i] = Math.max(0f, a[i]);
          }
        }
        case LEAKY_RELU -> {
          float alpha = (float) ActivationLReLU.DEFAULT_ALPHA;
          for (int i = 0; i < rows * n; i++) {
            a[i] = a[i] < 0 ? alpha * a[i] : a[i];
          }
        }
        case TANH -> {
          for (int i = 0; i < rows * n; i++) {
            a[i] = (float) Math.tanh(a[i]);
          }
        }
        case SIGMOID -> {
          for (int i = 0; i < rows * n; i++) {
            a[i] = (float) (1.0 / (1.0 + Math.exp(-a[i])));
          }
        }
        case SOFTMAX -> {
          for (int r = 0; r < rows; r++) {
            int o = r * n;
            float max = a[o];
            for (int j = 1; j < n; j++) {
              max = Math.max(max, a[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
              sum += Math.exp(a[o + j] - max);
            }
            for (int j = 0; j < n; j++) {
              a[o + j] = (float) (Math.exp(a[o + j] - max) / sum);
            }
          }
        }
        case IDENTITY -> { }
      }
    }
  }
}
