package io.spindle.ml.linear;

/** A loss of the margin z = w.x + b against a label; classifiers take labels 0 and 1. */
public enum Loss {
  /** Logistic regression: log(1 + e^z) - y z. */
  LOGISTIC {
    @Override
    public double value(double z, float y) {
      // log(1 + e^z) computed without overflow
      return (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
    }

    @Override
    public double derivative(double z, float y) {
      return sigmoid(z) - y;
    }
  },
  /** Linear SVM: max(0, 1 - t z) with t = 2y - 1. */
  HINGE {
    @Override
    public double value(double z, float y) {
      return Math.max(0, 1 - (2 * y - 1) * z);
    }

    @Override
    public double derivative(double z, float y) {
      double t = 2 * y - 1;
      return t * z < 1 ? -t : 0;
    }
  },
  /** Least squares: (z - y)^2 / 2. */
  SQUARED {
    @Override
    public double value(double z, float y) {
      return 0.5 * (z - y) * (z - y);
    }

    @Override
    public double derivative(double z, float y) {
      return z - y;
    }
  };

  public abstract double value(double z, float y);

  public abstract double derivative(double z, float y);

  public static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
