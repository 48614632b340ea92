package io.spindle.ml.linear;

import io.spindle.ml.ClassProbabilityModel;
import io.spindle.ml.data.Examples;
import java.util.LinkedHashMap;
import java.util.Map;

/** A multinomial logistic model: (features + 1) rows of class weights, the bias row last. */
public final class SoftmaxModel extends ClassProbabilityModel {
  private final float[] weights;
  private final int classes;

  public SoftmaxModel(float[] weights, int classes) {
    if (classes < 2 || weights.length % classes != 0) {
      throw new IllegalArgumentException(weights.length + " weights are not rows of " + classes + " classes");
    }
    this.weights = weights;
    this.classes = classes;
  }

  @Override
  public float[] parameters() {
    return weights;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("classes", classes);
    m.put("parameters", "rows of " + classes + " class weights for features 0.." + (weights.length / classes - 2)
        + ", then the bias row");
    return m;
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public double[] probabilities(Examples data, int i) {
    int biasRow = weights.length / classes - 1;
    double[] z = new double[classes];
    for (int c = 0; c < classes; c++) {
      z[c] = weights[biasRow * classes + c];
    }
    for (int p = data.start(i); p < data.end(i); p++) {
      int row = data.indices()[p];
      float x = data.values()[p];
      for (int c = 0; c < classes; c++) {
        z[c] += weights[row * classes + c] * x;
      }
    }
    SoftmaxObjective.softmaxInPlace(z);
    return z;
  }
}
