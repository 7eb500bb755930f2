package org.infokernels.internal.backend;

import org.infokernels.core.BackendKind;
import org.infokernels.core.Norm;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.kernel.PairEngine;
import org.infokernels.internal.knn.KnnKernels;
import org.infokernels.internal.ot.SinkhornResult;

/** The pure-Java backend: the readable twin of every native kernel. Always available. */
public final class JavaBackend implements Backend {
  static final JavaBackend INSTANCE = new JavaBackend();

  private JavaBackend() {}

  @Override
  public BackendKind kind() {
    return BackendKind.JAVA;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public String unavailableReason() {
    return "";
  }

  @Override
  public String describe() {
    return "pure Java, " + Runtime.getRuntime().availableProcessors() + " threads, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
  }

  @Override
  public double[] knnDistance(double[] ref, int nRef, double[] query, int nQuery, int d, int k, Norm norm,
                              boolean sameSet, int threads) {
    return KnnKernels.knnDistance(ref, nRef, query, nQuery, d, k, norm == Norm.MAX, sameSet, threads);
  }

  @Override
  public KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int threads) {
    double[] eps = new double[n];
    long[] nx = new long[n];
    long[] ny = new long[n];
    KnnKernels.ksgCounts(x, dx, y, dy, n, k, algorithm, threads, eps, nx, ny);
    return new KsgCounts(eps, nx, ny);
  }

  @Override
  public KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int[] orderX,
                             int[] orderY, int threads) {
    double[] eps = new double[n];
    long[] nx = new long[n];
    long[] ny = new long[n];
    KnnKernels.ksgCounts(x, dx, y, dy, n, k, algorithm, orderX, orderY, threads, eps, nx, ny);
    return new KsgCounts(eps, nx, ny);
  }

  @Override
  public CmiCounts cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k, int threads) {
    double[] eps = new double[n];
    long[] nxz = new long[n];
    long[] nyz = new long[n];
    long[] nz = new long[n];
    KnnKernels.cmiCounts(x, dx, y, dy, z, dz, n, k, threads, eps, nxz, nyz, nz);
    return new CmiCounts(eps, nxz, nyz, nz);
  }

  @Override
  public KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, long[] times,
                             long window, int threads) {
    double[] eps = new double[n];
    long[] nx = new long[n];
    long[] ny = new long[n];
    KnnKernels.ksgCounts(x, dx, y, dy, n, k, algorithm, times, window, threads, eps, nx, ny);
    return new KsgCounts(eps, nx, ny);
  }

  @Override
  public CmiCounts cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k, int algorithm,
                             long[] times, long window, int threads) {
    double[] eps = new double[n];
    long[] nxz = new long[n];
    long[] nyz = new long[n];
    long[] nz = new long[n];
    KnnKernels.cmiCounts(x, dx, y, dy, z, dz, n, k, algorithm, times, window, threads, eps, nxz, nyz, nz);
    return new CmiCounts(eps, nxz, nyz, nz);
  }

  @Override
  public double[] pairSums(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads,
                           double[] rowK, double[] rowL) {
    return PairEngine.pairSums(x, dx, y, dy, n, kx, ky, threads, rowK, rowL);
  }

  @Override
  public double[] kernelMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, double[] v,
                               int m, int threads) {
    return PairEngine.kernelMatvec(x, dx, y, dy, n, kx, ky, v, m, threads);
  }

  @Override
  public double[] kernelCrossMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int[] cols,
                                    double[] w, int m, int threads) {
    return PairEngine.crossMatvec(x, dx, y, dy, n, kx, ky, cols, w, m, threads);
  }

  @Override
  public double[] kernelMatrix(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads) {
    return PairEngine.kernelMatrix(x, dx, y, dy, n, kx, ky, threads);
  }

  @Override
  public double[] symEigenvalues(double[] a, int n, int threads) {
    return PairEngine.symEigenvalues(a, n);
  }

  @Override
  public double[] batchedSymEigenvalues(double[] a, int batch, int n, int threads) {
    return org.infokernels.internal.matrix.BatchedEigen.symEigenvalues(a, batch, n, threads);
  }

  @Override
  public double[] sinkhornLse(double[] x, int n, double[] y, int m, int d, double eps, double[] h, double[] lw,
                              org.infokernels.core.Precision precision, int threads) {
    requireDouble(precision);
    return org.infokernels.internal.ot.SinkhornKernels.lse(x, n, y, m, d, eps, h, lw, threads);
  }

  @Override
  public SinkhornResult sinkhorn(double[] x, int n, double[] y, int m, int d, double[] a, double[] b, double eps,
                                 boolean symmetric, int maxIter, double tol, double epsilonScaling,
                                 org.infokernels.core.Precision precision, int threads) {
    requireDouble(precision);
    return org.infokernels.internal.ot.SinkhornKernels.solve(x, n, y, m, d, a, b, eps, symmetric, maxIter, tol, epsilonScaling,
        threads);
  }

  private static void requireDouble(org.infokernels.core.Precision precision) {
    if (precision != org.infokernels.core.Precision.DOUBLE) {
      throw new org.infokernels.core.InvalidInputException("float precision of the optimal-transport kernels is "
          + "implemented on the cuda backend only");
    }
  }
}
