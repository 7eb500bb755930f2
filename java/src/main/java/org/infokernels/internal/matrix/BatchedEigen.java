package org.infokernels.internal.matrix;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.infokernels.internal.Parallel;

/**
 * The pure-Java twin of {@code ik_batched_sym_eigenvalues_cpu}: all eigenvalues (ascending) of
 * each symmetric n × n matrix of a batch, by EJML's symmetric QR algorithm (tridiagonalisation +
 * implicit QL), one matrix per task on a few threads. Only the upper triangle is read; the input
 * is not modified. Time O(batch·n³), memory O(threads·n²).
 */
public final class BatchedEigen {
  private BatchedEigen() {}

  /**
   * @param a       batch × n × n, row-major, one matrix after the other
   * @param threads worker threads, 0 = all cores
   * @return batch × n eigenvalues, ascending per matrix
   */
  public static double[] symEigenvalues(double[] a, int batch, int n, int threads) {
    long nn = (long) n * n;
    if (batch < 1 || n < 1 || a.length != batch * nn) {
      throw new IllegalArgumentException("a has " + a.length + " values, not batch (" + batch + ") x n (" + n + ") x n");
    }
    double[] w = new double[batch * n];
    Parallel.forEach(batch, threads, b -> {
      DMatrixRMaj m = new DMatrixRMaj(n, n);
      int base = (int) (b * nn);
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          double v = a[base + i * n + j];
          m.unsafe_set(i, j, v);
          m.unsafe_set(j, i, v);
        }
      }
      double[] wb = eigenvalues(m);
      System.arraycopy(wb, 0, w, b * n, n);
    });
    return w;
  }

  /** the eigenvalues (ascending) of a symmetric EJML matrix, which is overwritten */
  static double[] eigenvalues(DMatrixRMaj m) {
    int n = m.numRows;
    EigenDecomposition_F64<DMatrixRMaj> dec = DecompositionFactory_DDRM.eig(n, false, true);
    if (!dec.decompose(m)) {
      throw new IllegalStateException("EJML symmetric eigendecomposition did not converge (n = " + n + ")");
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = dec.getEigenvalue(i).real;
    }
    Arrays.sort(w);
    return w;
  }
}
