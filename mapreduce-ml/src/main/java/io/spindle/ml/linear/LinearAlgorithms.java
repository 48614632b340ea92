package io.spindle.ml.linear;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The linear algorithms by their {@code --algorithm} names. */
public final class LinearAlgorithms {
  private static final Map<String, Loss> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("logreg", Loss.LOGISTIC);
    BY_NAME.put("svm", Loss.HINGE);
    BY_NAME.put("linreg", Loss.SQUARED);
  }

  public static final Map<String, Loss> LOSSES = Collections.unmodifiableMap(BY_NAME);

  private LinearAlgorithms() {}
}
