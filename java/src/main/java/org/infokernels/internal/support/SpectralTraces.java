package org.infokernels.internal.support;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.infokernels.internal.Estimation;

/**
 * tr f_j(A) for several spectral functions f_j at once, for a symmetric n × n matrix A with a
 * known trace that is available only through block products A·V and blocks of its columns
 * ({@link GramOperator}), by deflation plus stochastic Lanczos quadrature (Ubaru, Chen, Saad [1]).
 * One set of Lanczos runs serves every f_j and each probe's estimate is kept (callers need the
 * joint spread of several traces, e.g. DSE = ln S − T/S of S = tr|K|^t and T = tr(|K|^t ln|K|^t)).
 * Without deflation the Hutchinson variance of a Gaussian Gram matrix is dominated by its large
 * eigenvalues (Meyer, Musco, Musco, Woodruff, "Hutch++", SOSA 2021); the head below removes them.
 *
 * <ol>
 *   <li>Head (Nyström, [2]): L = min({@value #LANDMARKS}, n) seeded landmark rows; r =
 *       min({@value #DEFLATION_RANK}, n/4) directions by {@value #LANDMARK_POWER_STEPS} subspace
 *       iterations on the L × L landmark block, extended to all n rows through the landmark columns
 *       (V = orth(A[:, landmarks]·Ω): O(n·L·(d + r)), no pass over A) and Rayleigh–Ritz on span V
 *       in the first product with A; Σ_a f_j(θ_a) over the Ritz values is summed exactly.</li>
 *   <li>Coupling: span V is not invariant, and tr f(A) − tr f(VᵀAV) − tr f(PAP) is, to second
 *       order (Daleckii–Krein), Σ_a Σ_k |r_a·e_k|² (f'(θ_a) − f'(μ_k))/(θ_a − μ_k) over the
 *       residuals r_a of the Ritz pairs and the eigenpairs (μ_k, e_k) of PAP, ≥ 0 for convex f.
 *       The residuals sit mostly on tail eigenvalues next to θ_a, so the head adds
 *       Σ_a ‖r_a‖² f''(θ_a) (the limit μ_k → θ_a; ‖r_a‖² from the same product). Against exact
 *       spectra at n = 4000 this removed the bias of DSE on a flat spectrum (+0.015 nats, 3–5
 *       standard errors, to within one) and of von Neumann (+9e-5 to −1e-5).</li>
 *   <li>Tail: tr f_j(PAP), P = I − VVᵀ, by SLQ with p Rademacher probes z_c (projected by P),
 *       in lockstep (one product A·Q per step; the first also carries V). Each probe's quadratic
 *       form z_cᵀ f_j(PAP) z_c lies between its Gauss and its Gauss–Radau (node at 0) value
 *       ({@link #radauAtZero}); q_jc is their midpoint and half the mean bracket width bounds the
 *       quadrature error. The runs stop after at least {@value #MIN_STEPS} and at most s steps,
 *       as soon as every bound is at most {@value #QUADRATURE_SHARE} of its Monte-Carlo
 *       standard error (flat spectra take more steps than fast-decaying ones).</li>
 *   <li>Control variate: the identity's quadrature q_c = z_cᵀ PAP z_c is exact and tr(PAP) =
 *       tr(A) − Σθ_a is known, so tr f_j(PAP) ≈ β_j tr(PAP) + mean_c(q_jc − β_j q_c) with β_j the
 *       least-squares slope of q_jc on q_c over the probes ({@code fitSlope}), or β = 1 (the
 *       plain f − λ variate); for f = λ the tail is exact either way.</li>
 * </ol>
 * The probe samples head_j + β_j tr(PAP) + q_jc − β_j q_c average to the estimate, so their
 * covariance / p is the Monte-Carlo covariance of the traces; the quadrature bound is reported
 * beside it. Not in either: the error of the coupling correction. Every f_j must have f_j(0) = 0:
 * the deflated directions are zero eigenvectors of PAP. Time: at most s products with A (the first
 * with r + p columns, the others with p) plus O(n·(L·(d + r) + r²)) for the head (the landmark
 * columns by the backend's {@code kernelCrossMatvec}, the n × r linear algebra in Java on fixed
 * row blocks, {@link RowBlocks}); memory O(n·(r + p) + L²). No reorthogonalisation of the Lanczos
 * vectors: the quadrature tolerates the loss of orthogonality ([1] §4).
 *
 * <p>[1] S. Ubaru, J. Chen, Y. Saad, SIAM J. Matrix Anal. Appl. 38(1), 75–98 (2017).
 * [2] C. Williams, M. Seeger, "Using the Nyström method to speed up kernel machines", NIPS 2000;
 * N. Halko, P.-G. Martinsson, J. Tropp, SIAM Rev. 53(2), 217–288 (2011) for the subspace iteration.
 */
public final class SpectralTraces {
  /** landmark rows of the Nyström head */
  static final int LANDMARKS = 2000;
  /** deflation rank r (clamped to n/4) */
  static final int DEFLATION_RANK = 128;
  /** subspace iterations on the landmark block */
  static final int LANDMARK_POWER_STEPS = 2;
  /** Lanczos steps before the quadrature bracket is first checked */
  static final int MIN_STEPS = 4;
  /** the Lanczos runs stop once every quadrature bound is at most this share of its Monte-Carlo error */
  static final double QUADRATURE_SHARE = 0.5;
  /** a Cholesky pivot below this fraction of its column's squared norm drops the column */
  private static final double DEPENDENT = 1e-10;

  private SpectralTraces() {}

  /**
   * @param value   the estimates of tr f_j(A)
   * @param samples samples[j][c]: probe c's estimate of tr f_j(A) (mean over c = value[j])
   * @param bound   bound[j]: the quadrature error bound of value[j], half the mean width of the
   *                probes' Gauss / Gauss–Radau brackets
   * @param steps   Lanczos steps taken
   */
  public record Traces(double[] value, double[][] samples, double[] bound, int steps) {
    int probes() {
      return samples[0].length;
    }

    /** sample covariance (ddof 1) of the probe samples of f_i and f_j, divided by the probe count */
    public double covarianceOfMeans(int i, int j) {
      int p = probes();
      double s = 0;
      for (int c = 0; c < p; c++) {
        s += (samples[i][c] - value[i]) * (samples[j][c] - value[j]);
      }
      return s / (p - 1) / p;
    }

    /** every bound[j] at most share × the Monte-Carlo standard error of value[j] */
    boolean quadratureBelow(double share) {
      for (int j = 0; j < value.length; j++) {
        if (!(bound[j] <= share * Math.sqrt(covarianceOfMeans(j, j)) + 1e-12 * Math.abs(value[j]))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * @param op       the operator A
   * @param traceA   tr A, known exactly
   * @param probes   p, the Rademacher probes
   * @param steps    s, the most Lanczos steps per probe (fewer once the quadrature bound allows)
   * @param fs       the spectral functions, each with f(0) = 0
   * @param fitSlope true: β_j fitted over the probes; false: β_j = 1
   */
  public static Traces estimate(GramOperator op, double traceA, int probes, int steps, DoubleUnaryOperator[] fs,
                         SplittableRandom rng, boolean fitSlope) {
    int n = op.n();
    int nf = fs.length;
    int r = Math.min(DEFLATION_RANK, n / 4);
    double[] basis = null;
    if (r > 0) {
      int[] idx = Estimation.randomSubset(n, Math.min(LANDMARKS, n), rng);
      int nl = idx.length;
      double[] blk = op.block(idx);
      double[] om = new double[nl * r];
      for (int i = 0; i < om.length; i++) {
        om[i] = rng.nextBoolean() ? 1.0 : -1.0;
      }
      int threads = op.threads();
      Basis b = orthonormalBasis(om, nl, r, threads);
      for (int it = 0; it < LANDMARK_POWER_STEPS; it++) {
        org.infokernels.internal.Cancellation.check();  // Thread.interrupt(): between power steps
        b = orthonormalBasis(multiply(blk, nl, b.v(), b.cols(), threads), nl, b.cols(), threads);
      }
      org.infokernels.internal.Cancellation.check();
      b = orthonormalBasis(op.columns(idx, b.v(), b.cols()), n, b.cols(), threads);
      basis = b.v();
      r = b.cols();
    }
    // ---- tail: Lanczos on PAP for p probes in lockstep
    int p = probes;
    int s = Math.min(steps, n);
    final double[] vb = basis;
    final int rr = r;
    double[] z = new double[n * p];
    for (int i = 0; i < z.length; i++) {
      z[i] = rng.nextBoolean() ? 1.0 : -1.0;
    }
    if (vb != null) {
      z = project(z, vb, n, p, rr, op.threads());
    }
    double[] zNorm2 = new double[p];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < p; c++) {
        zNorm2[c] += z[i * p + c] * z[i * p + c];
      }
    }
    double[] q = new double[n * p];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < p; c++) {
        q[i * p + c] = zNorm2[c] > 0 ? z[i * p + c] / Math.sqrt(zNorm2[c]) : 0.0;
      }
    }
    // ---- first product, A·[V | Q]: Rayleigh–Ritz of the head and Lanczos step 0 of the tail
    double[] head = new double[nf];
    double headTrace = 0;
    double[] first;
    if (vb != null) {
      double[] both = new double[n * (rr + p)];
      for (int i = 0; i < n; i++) {
        System.arraycopy(vb, i * rr, both, i * (rr + p), rr);
        System.arraycopy(q, i * p, both, i * (rr + p) + rr, p);
      }
      double[] prod = op.apply(both, rr + p);
      double[] av = new double[n * rr];
      first = new double[n * p];
      for (int i = 0; i < n; i++) {
        System.arraycopy(prod, i * (rr + p), av, i * rr, rr);
        System.arraycopy(prod, i * (rr + p) + rr, first, i * p, p);
      }
      double[][] ritz = ritzPairs(vb, av, n, rr, op.threads());
      for (double theta : ritz[0]) {
        headTrace += theta;
        for (int j = 0; j < nf; j++) {
          head[j] += fs[j].applyAsDouble(theta);
        }
      }
      // coupling of span V to the rest: Σ_a ‖r_a‖² f_j''(θ_a) (see the class comment)
      for (int j = 0; j < nf; j++) {
        for (int a = 0; a < rr; a++) {
          head[j] += ritz[1][a] * secondDerivative(fs[j], ritz[0][a]);
        }
      }
    } else {
      first = op.apply(q, p);
    }
    double tailTrace = traceA - headTrace;
    double[] qPrev = new double[n * p];
    double[][] alpha = new double[p][s];
    double[][] beta = new double[p][s];
    int[] len = new int[p];
    boolean[] done = new boolean[p];
    for (int c = 0; c < p; c++) {
      done[c] = !(zNorm2[c] > 0);
    }
    double[] betaPrev = new double[p];
    Traces result = null;
    for (int j = 0; j < s; j++) {
      org.infokernels.internal.Cancellation.check();  // Thread.interrupt(): between Lanczos steps
      // q lies in range(P) (projected below), so A·q stands for A·P·q
      double[] w = j == 0 ? first : op.apply(q, p);
      if (vb != null) {
        w = project(w, vb, n, p, rr, op.threads());
      }
      boolean any = false;
      for (int c = 0; c < p; c++) {
        if (done[c]) {
          continue;
        }
        double a = 0;
        for (int i = 0; i < n; i++) {
          a += q[i * p + c] * w[i * p + c];
        }
        double b2 = 0;
        for (int i = 0; i < n; i++) {
          double t = w[i * p + c] - a * q[i * p + c] - betaPrev[c] * qPrev[i * p + c];
          w[i * p + c] = t;
          b2 += t * t;
        }
        double b = Math.sqrt(b2);
        alpha[c][j] = a;
        beta[c][j] = b;
        len[c] = j + 1;
        if (b <= 1e-14 * Math.abs(a) || b == 0) {
          done[c] = true;  // invariant subspace reached: the quadrature is exact
          continue;
        }
        any = true;
        for (int i = 0; i < n; i++) {
          qPrev[i * p + c] = q[i * p + c];
          q[i * p + c] = w[i * p + c] / b;
        }
        betaPrev[c] = b;
      }
      boolean last = !any || j == s - 1;
      if (last || j + 1 >= MIN_STEPS) {
        result = combine(head, tailTrace, alpha, beta, len, zNorm2, fs, fitSlope, j + 1);
        if (last || result.quadratureBelow(QUADRATURE_SHARE)) {
          break;
        }
      }
    }
    return result;
  }

  /**
   * The traces after the Lanczos steps so far: per probe the identity by the Gauss rule (exact for
   * degree 1) and every f_j by the midpoint of its Gauss and Gauss–Radau values, which bracket the
   * probe's quadratic form ({@link #radauAtZero}); the control variate as in the class comment.
   */
  private static Traces combine(double[] head, double tailTrace, double[][] alpha, double[][] beta, int[] len,
                                double[] zNorm2, DoubleUnaryOperator[] fs, boolean fitSlope, int steps) {
    int p = len.length;
    int nf = fs.length;
    double[] qId = new double[p];
    double[][] qf = new double[nf][p];
    double[] bound = new double[nf];
    for (int c = 0; c < p; c++) {
      if (len[c] == 0) {
        continue;
      }
      double[][] gauss = nodesAndWeights(alpha[c], beta[c], len[c]);
      double[][] radau = radauAtZero(alpha[c], beta[c], len[c]);
      for (int k = 0; k < len[c]; k++) {
        qId[c] += gauss[1][k] * zNorm2[c] * gauss[0][k];
      }
      for (int j = 0; j < nf; j++) {
        double g = zNorm2[c] * rule(gauss, fs[j]);
        double r = radau == null ? g : zNorm2[c] * rule(radau, fs[j]);
        qf[j][c] = 0.5 * (g + r);
        bound[j] += 0.5 * Math.abs(r - g) / p;
      }
    }
    double idMean = Estimation.mean(qId);
    double idVar = 0;
    for (double qv : qId) {
      idVar += (qv - idMean) * (qv - idMean);
    }
    double[] value = new double[nf];
    double[][] samples = new double[nf][p];
    for (int j = 0; j < nf; j++) {
      double fMean = Estimation.mean(qf[j]);
      double cov = 0;
      for (int c = 0; c < p; c++) {
        cov += (qf[j][c] - fMean) * (qId[c] - idMean);
      }
      double slope = !fitSlope ? 1.0 : idVar > 0 ? cov / idVar : 0.0;
      double sum = 0;
      for (int c = 0; c < p; c++) {
        samples[j][c] = head[j] + slope * tailTrace + qf[j][c] - slope * qId[c];
        sum += samples[j][c];
      }
      value[j] = sum / p;
    }
    return new Traces(value, samples, bound, steps);
  }

  /** Σ_k w_k f(θ_k) over a rule's nodes (row 0) and weights (row 1); f(0) = 0 */
  static double rule(double[][] nodes, DoubleUnaryOperator f) {
    double s = 0;
    for (int k = 0; k < nodes[0].length; k++) {
      s += nodes[0][k] == 0 ? 0.0 : nodes[1][k] * f.applyAsDouble(nodes[0][k]);
    }
    return s;
  }

  /**
   * Gauss–Radau rule with a node fixed at 0 (Golub, Meurant, "Matrices, Moments and Quadrature",
   * 2010, §6.2): T extended by one row and column with off-diagonal β_m (beta[m − 1], the step's
   * last β) and last diagonal entry β_m²·[T⁻¹]_mm, so that 0 is a node. A is positive
   * semidefinite here, so 0 is a lower bound of its spectrum, where the spectra of Gram matrices
   * accumulate and f_j (λ^α, λ ln λ) are not smooth. The error of the Gauss rule of m nodes has
   * the sign of f^(2m), that of this Radau rule the sign of −f^(2m+1) (ibid., Thm 6.4); for λ^α
   * (α ∉ ℕ) and λ^t ln λ these signs are opposite from small m on, so the two rules bracket the
   * probe's quadratic form (for 1 &lt; α &lt; 2 and λ ln λ: Gauss below, Radau above). Nodes (row
   * 0) and weights (row 1), or null where T is not numerically positive definite (the Gauss rule
   * alone is used then). For β_m = 0 (invariant subspace) both rules are exact and agree.
   */
  static double[][] radauAtZero(double[] alpha, double[] beta, int m) {
    double bm = beta[m - 1];
    if (bm == 0) {
      return null;
    }
    // [T⁻¹]_mm = 1/d_m for the pivots of T = LDLᵀ: d_1 = α_1, d_k = α_k − β_{k−1}²/d_{k−1}
    double dk = alpha[0];
    double scale = Math.abs(alpha[0]);
    boolean positive = dk > 0;
    for (int k = 1; k < m && positive; k++) {
      dk = alpha[k] - beta[k - 1] * beta[k - 1] / dk;
      scale = Math.max(scale, Math.abs(alpha[k]));
      positive = dk > 0;
    }
    double last = bm * bm / dk;
    if (!positive || !(last <= 1e6 * scale)) {
      return null;
    }
    double[] a = java.util.Arrays.copyOf(alpha, m + 1);
    double[] b = java.util.Arrays.copyOf(beta, m + 1);
    a[m] = last;
    return nodesAndWeights(a, b, m + 1);
  }

  /** Gauss quadrature of the m × m Lanczos tridiagonal: nodes θ_k (row 0) and weights U_0k² (row 1) */
  static double[][] nodesAndWeights(double[] alpha, double[] beta, int m) {
    org.ejml.data.DMatrixRMaj t = new org.ejml.data.DMatrixRMaj(m, m);
    for (int i = 0; i < m; i++) {
      t.set(i, i, alpha[i]);
      if (i + 1 < m) {
        t.set(i, i + 1, beta[i]);
        t.set(i + 1, i, beta[i]);
      }
    }
    var dec = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(m, true, true);
    if (!dec.decompose(t)) {
      throw new IllegalStateException("Lanczos tridiagonal eigendecomposition failed (m = " + m + ")");
    }
    double[][] out = new double[2][m];
    for (int k = 0; k < m; k++) {
      out[0][k] = dec.getEigenvalue(k).real;
      org.ejml.data.DMatrixRMaj u = dec.getEigenVector(k);
      double norm2 = 0;
      for (int i = 0; i < m; i++) {
        norm2 += u.get(i) * u.get(i);
      }
      out[1][k] = u.get(0) * u.get(0) / norm2;
    }
    return out;
  }

  /** q − V(Vᵀq) for q n × p and V n × r (orthonormal columns), both row-major */
  static double[] project(double[] q, double[] v, int n, int p, int r, int threads) {
    double[] c = RowBlocks.sum(n, p * r, threads, (lo, hi, acc) -> {  // c[b][a] = (Vᵀq)_ab
      for (int i = lo; i < hi; i++) {
        int oi = i * r;
        for (int b = 0; b < p; b++) {
          double qb = q[i * p + b];
          int ob = b * r;
          for (int a = 0; a < r; a++) {
            acc[ob + a] += qb * v[oi + a];
          }
        }
      }
    });
    double[] out = q.clone();
    RowBlocks.each(n, threads, (lo, hi, unused) -> {
      for (int i = lo; i < hi; i++) {
        int oi = i * r;
        for (int b = 0; b < p; b++) {
          int ob = b * r;
          double t = 0;
          for (int a = 0; a < r; a++) {
            t += v[oi + a] * c[ob + a];
          }
          out[i * p + b] -= t;
        }
      }
    });
    return out;
  }

  /** f''(x) by the central second difference with step 10⁻⁴·|x| (0 at x = 0) */
  static double secondDerivative(DoubleUnaryOperator f, double x) {
    double h = 1e-4 * Math.abs(x);
    if (h == 0) {
      return 0.0;
    }
    return (f.applyAsDouble(x + h) - 2 * f.applyAsDouble(x) + f.applyAsDouble(x - h)) / (h * h);
  }

  /**
   * Rayleigh–Ritz on span V: the eigenvalues θ_a of sym(VᵀAV) (row 0) and the residual norms²
   * ‖AVu_a − θ_a·Vu_a‖² = u_aᵀ(AV)ᵀ(AV)u_a − θ_a² of the Ritz pairs (row 1), for V and AV n × r
   * row-major (one row-wise sweep for both r × r products)
   */
  static double[][] ritzPairs(double[] v, double[] av, int n, int r, int threads) {
    int rr = r * r;
    double[] hg = RowBlocks.sum(n, 2 * rr, threads, (lo, hi, acc) -> {  // VᵀAV, then (AV)ᵀAV
      for (int i = lo; i < hi; i++) {
        int oi = i * r;
        for (int a = 0; a < r; a++) {
          double via = v[oi + a];
          double wia = av[oi + a];
          int oa = a * r;
          for (int b = 0; b < r; b++) {
            acc[oa + b] += via * av[oi + b];
            acc[rr + oa + b] += wia * av[oi + b];
          }
        }
      }
    });
    double[] h = java.util.Arrays.copyOf(hg, rr);
    double[] g = java.util.Arrays.copyOfRange(hg, rr, 2 * rr);
    org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(r, r);
    for (int a = 0; a < r; a++) {
      for (int b = 0; b < r; b++) {
        m.set(a, b, 0.5 * (h[a * r + b] + h[b * r + a]));
      }
    }
    var dec = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(r, true, true);
    if (!dec.decompose(m)) {
      throw new IllegalStateException("Rayleigh-Ritz eigendecomposition failed (r = " + r + ")");
    }
    double[][] out = new double[2][r];
    for (int a = 0; a < r; a++) {
      out[0][a] = dec.getEigenvalue(a).real;
      org.ejml.data.DMatrixRMaj u = dec.getEigenVector(a);
      double nu = 0, gu = 0;
      for (int x = 0; x < r; x++) {
        nu += u.get(x) * u.get(x);
        for (int y = 0; y < r; y++) {
          gu += u.get(x) * g[x * r + y] * u.get(y);
        }
      }
      out[1][a] = Math.max(0.0, gu / nu - out[0][a] * out[0][a]);
    }
    return out;
  }

  /**
   * B·W for B nl × nl and W nl × r, row-major; in blocks of {@value #MULTIPLY_ROWS} rows (each row
   * is written by one block, so the result does not depend on the blocking), small enough that both
   * threads get work at nl = {@value #LANDMARKS} and an interrupt is seen within a block
   */
  static double[] multiply(double[] b, int nl, double[] w, int r, int threads) {
    double[] out = new double[nl * r];
    org.infokernels.internal.kernel.PairEngine.forBlocks(nl, MULTIPLY_ROWS, threads, (lo, hi) -> {
      multiplyRows(b, nl, w, r, out, lo, hi);
      return null;
    });
    return out;
  }

  /** rows of B·W per {@link #multiply} */
  static final int MULTIPLY_ROWS = 64;

  private static void multiplyRows(double[] b, int nl, double[] w, int r, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      int oi = i * r;
      for (int l = 0; l < nl; l++) {
        double bil = b[i * nl + l];
        int ol = l * r;
        for (int c = 0; c < r; c++) {
          out[oi + c] += bil * w[ol + c];
        }
      }
    }
  }

  /** an orthonormal basis (n × cols row-major) of a column span */
  record Basis(double[] v, int cols) {}

  /**
   * Orthonormal basis of the span of the r columns of v (n × r row-major) by Cholesky QR applied
   * twice (CholeskyQR2: Fukaya, Nakatsukasa, Yanagisawa, Yamamoto, ScalA 2014): G = VᵀV, G = RᵀR,
   * V ← V·R⁻¹, all row by row (the n × r block is read twice per pass, never column-wise). A column
   * whose Cholesky pivot is below {@value #DEPENDENT} of its squared norm (numerically in the span
   * of the columns before it) is dropped, so the basis can have fewer than r columns; the second
   * pass restores the orthogonality the first loses to cond(V)².
   */
  static Basis orthonormalBasis(double[] v, int n, int r, int threads) {
    Basis once = choleskyQr(v, n, r, threads);
    return choleskyQr(once.v(), n, once.cols(), threads);
  }

  private static Basis choleskyQr(double[] v, int n, int r, int threads) {
    double[] g = RowBlocks.sum(n, r * r, threads, (lo, hi, acc) -> {
      for (int i = lo; i < hi; i++) {
        int oi = i * r;
        for (int a = 0; a < r; a++) {
          double via = v[oi + a];
          int oa = a * r;
          for (int b = a; b < r; b++) {
            acc[oa + b] += via * v[oi + b];
          }
        }
      }
    });
    // upper Cholesky factor over the kept columns: R[k][l] for kept k, l
    double[] u = new double[r * r];
    int[] kept = new int[r];
    int nk = 0;
    for (int j = 0; j < r; j++) {
      double sjj = g[j * r + j];
      for (int k = 0; k < nk; k++) {
        double ukj = u[kept[k] * r + j];
        sjj -= ukj * ukj;
      }
      if (!(sjj > DEPENDENT * g[j * r + j])) {
        continue;
      }
      double rjj = Math.sqrt(sjj);
      u[j * r + j] = rjj;
      for (int l = j + 1; l < r; l++) {
        double t = g[j * r + l];
        for (int k = 0; k < nk; k++) {
          t -= u[kept[k] * r + j] * u[kept[k] * r + l];
        }
        u[j * r + l] = t / rjj;
      }
      kept[nk++] = j;
    }
    if (nk == 0) {
      throw new IllegalStateException("the deflation block is numerically zero");
    }
    // R⁻¹ (nk × nk, upper) of R = U[kept, kept], column by column
    double[] rinv = new double[nk * nk];
    for (int c = 0; c < nk; c++) {
      rinv[c * nk + c] = 1.0 / u[kept[c] * r + kept[c]];
      for (int row = c - 1; row >= 0; row--) {
        double t = 0;
        for (int k = row + 1; k <= c; k++) {
          t += u[kept[row] * r + kept[k]] * rinv[k * nk + c];
        }
        rinv[row * nk + c] = -t / u[kept[row] * r + kept[row]];
      }
    }
    double[] out = new double[n * nk];
    final int k = nk;
    RowBlocks.each(n, threads, (lo, hi, unused) -> {
      for (int i = lo; i < hi; i++) {
        int oi = i * r;
        int oo = i * k;
        for (int a = 0; a < k; a++) {
          double via = v[oi + kept[a]];
          int oa = a * k;
          for (int b = a; b < k; b++) {
            out[oo + b] += via * rinv[oa + b];
          }
        }
      }
    });
    return new Basis(out, nk);
  }
}
