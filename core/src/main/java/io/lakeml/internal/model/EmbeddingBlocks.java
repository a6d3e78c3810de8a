package io.lakeml.internal.model;

import java.util.Arrays;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keeps an embedding layer's weights in their blocks. The layer maps the input vector segment by
 * segment: the one-hot block of an embedded feature to its embedding (a free block of weights:
 * the embedding table, one row per category, as DL4J's EmbeddingLayer holds it), every other
 * input to itself (a fixed identity). DL4J applies the constraint after every update, and the
 * network's first parameters are projected the same way, so the weights outside the blocks are
 * always exactly 0 and the identities exactly 1: the layer is a lookup of each feature's
 * embedding beside the inputs it passes through. Segment {@code k} covers inputs
 * [inputBounds[k], inputBounds[k+1]) and outputs [outputBounds[k], outputBounds[k+1]).
 * DL4J writes this class's name into every embedded network's configuration: a model artefact
 * can only be read while the class keeps its name and package.
 */
public final class EmbeddingBlocks implements LayerConstraint {
  private static final long serialVersionUID = 1L;

  @JsonProperty private int[] inputBounds;
  @JsonProperty private int[] outputBounds;
  @JsonProperty private boolean[] passThrough;
  private transient INDArray free; // 1 where a weight is learned
  private transient INDArray fixed; // the identities

  /** For Jackson (DL4J reads a network's configuration back from JSON). */
  public EmbeddingBlocks() {}

  public EmbeddingBlocks(int[] inputBounds, int[] outputBounds, boolean[] passThrough) {
    if (inputBounds.length != outputBounds.length || passThrough.length != inputBounds.length - 1) {
      throw new IllegalArgumentException("Cannot build embedding blocks: " + passThrough.length + " segments need "
          + (passThrough.length + 1) + " bounds, got " + inputBounds.length + " and " + outputBounds.length);
    }
    this.inputBounds = inputBounds.clone();
    this.outputBounds = outputBounds.clone();
    this.passThrough = passThrough.clone();
  }

  @Override
  public void applyConstraint(Layer layer, int iteration, int epoch) {
    project(layer.getParam("W"));
  }

  /** Sets the weights outside the blocks to 0 and the pass-through ones to the identity, in place. */
  public void project(INDArray w) {
    if (free == null || !Arrays.equals(free.shape(), w.shape()) || free.dataType() != w.dataType()) {
      masks(w);
    }
    w.muli(free).addi(fixed);
  }

  private void masks(INDArray w) {
    int rows = (int) w.size(0);
    int cols = (int) w.size(1);
    if (rows != inputBounds[inputBounds.length - 1] || cols != outputBounds[outputBounds.length - 1]) {
      throw new IllegalStateException("Embedding blocks of " + inputBounds[inputBounds.length - 1] + " x "
          + outputBounds[outputBounds.length - 1] + " do not fit weights of " + rows + " x " + cols);
    }
    float[] f = new float[rows * cols];
    float[] x = new float[rows * cols];
    for (int k = 0; k < passThrough.length; k++) {
      for (int i = inputBounds[k]; i < inputBounds[k + 1]; i++) {
        if (passThrough[k]) {
          x[i * cols + outputBounds[k] + (i - inputBounds[k])] = 1f;
        } else {
          Arrays.fill(f, i * cols + outputBounds[k], i * cols + outputBounds[k + 1], 1f);
        }
      }
    }
    free = Nd4j.create(f, new long[] {rows, cols}, 'c').castTo(w.dataType());
    fixed = Nd4j.create(x, new long[] {rows, cols}, 'c').castTo(w.dataType());
  }

  @Override
  public void setParams(Set<String> params) {
    // Always the weights: the layer has no bias.
  }

  @Override
  public Set<String> getParams() {
    return Set.of("W");
  }

  @Override
  public EmbeddingBlocks clone() {
    return new EmbeddingBlocks(inputBounds, outputBounds, passThrough);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingBlocks b && Arrays.equals(inputBounds, b.inputBounds)
        && Arrays.equals(outputBounds, b.outputBounds) && Arrays.equals(passThrough, b.passThrough);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(inputBounds) + Arrays.hashCode(outputBounds)) + Arrays.hashCode(passThrough);
  }
}
