package io.spindle.ml.nn;

import io.spindle.ml.ClassProbabilityModel;
import io.spindle.ml.data.Examples;
import io.spindle.ml.linear.SoftmaxObjective;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained multilayer perceptron, scored on the heap one example at a time: the first layer
 * reads only the example's non-zero features, so scoring sparse records is cheap anywhere
 * (a trainer's test set, a map task).
 */
public final class MlpModel extends ClassProbabilityModel {
  private final int[] sizes;
  private final float[][] layers;

  public MlpModel(int[] sizes, float[][] layers) {
    this.sizes = sizes.clone();
    this.layers = layers;
  }

  /** A model from the concatenated parameters of its layers. */
  public static MlpModel of(int[] sizes, float[] all) {
    float[][] layers = new float[sizes.length - 1][];
    int at = 0;
    for (int l = 0; l < layers.length; l++) {
      int n = DenseNetwork.parameters(sizes, l);
      if (at + n > all.length) {
        throw new IllegalArgumentException(all.length + " parameters are too few for layers " + Arrays.toString(sizes));
      }
      layers[l] = Arrays.copyOfRange(all, at, at + n);
      at += n;
    }
    if (at != all.length) {
      throw new IllegalArgumentException(all.length + " parameters, but layers " + Arrays.toString(sizes) + " take " + at);
    }
    return new MlpModel(sizes, layers);
  }

  @Override
  public float[] parameters() {
    int total = 0;
    for (float[] layer : layers) {
      total += layer.length;
    }
    float[] all = new float[total];
    int at = 0;
    for (float[] layer : layers) {
      System.arraycopy(layer, 0, all, at, layer.length);
      at += layer.length;
    }
    return all;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("classes", sizes[sizes.length - 1]);
    m.put("layers", Arrays.toString(sizes));
    m.put("parameters", "per layer, in x out weights row-major then the bias row; layers " + Arrays.toString(sizes));
    return m;
  }

  @Override
  public double[] probabilities(Examples data, int i) {
    double[] h = new double[sizes[1]];
    float[] w = layers[0];
    int out = sizes[1];
    for (int o = 0; o < out; o++) {
      h[o] = w[sizes[0] * out + o];
    }
    for (int p = data.start(i); p < data.end(i); p++) {
      int row = data.indices()[p] * out;
      float x = data.values()[p];
      for (int o = 0; o < out; o++) {
        h[o] += w[row + o] * x;
      }
    }
    for (int l = 1; l < layers.length; l++) {
      for (int o = 0; o < h.length; o++) {
        h[o] = Math.max(h[o], 0);
      }
      int in = sizes[l];
      out = sizes[l + 1];
      w = layers[l];
      double[] next = new double[out];
      for (int o = 0; o < out; o++) {
        next[o] = w[in * out + o];
      }
      for (int r = 0; r < in; r++) {
        double x = h[r];
        if (x != 0) {
          for (int o = 0; o < out; o++) {
            next[o] += w[r * out + o] * x;
          }
        }
      }
      h = next;
    }
    SoftmaxObjective.softmaxInPlace(h);
    return h;
  }
}
