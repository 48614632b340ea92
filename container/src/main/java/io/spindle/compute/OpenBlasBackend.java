package io.spindle.compute;

import io.spindle.ml.compute.JavaBackend;
import io.spindle.ml.compute.Matrix;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The CPU backend: GEMM by OpenBLAS through JavaCPP on the heap arrays (JNI pins or copies them
 * per call, which is small beside the GEMM), everything else in plain Java. Never touches CUDA
 * classes, so it loads on any machine.
 */
public final class OpenBlasBackend extends JavaBackend {
  private final int threads;

  public OpenBlasBackend(int threads) {
    this.threads = Math.max(1, threads);
    openblas_nolapack.blas_set_num_threads(this.threads);
  }

  @Override
  public String name() {
    return "cpu (openblas, " + threads + " thread" + (threads == 1 ? "" : "s") + ")";
  }

  @Override
  public void gemm(boolean transA, Matrix a, boolean transB, Matrix b, float alpha, float beta, Matrix c) {
    int[] mnk = gemmShape(transA, a, transB, b, c);
    openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
        transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
        transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
        mnk[0], mnk[1], mnk[2], alpha, data(a), a.cols(), data(b), b.cols(), beta, data(c), c.cols());
  }
}
