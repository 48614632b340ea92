package io.spindle.ml.compute;

/** A dense row-major float matrix that lives on one {@link Backend}'s device. */
public interface Matrix {
  int rows();

  int cols();

  default int size() {
    return rows() * cols();
  }
}
