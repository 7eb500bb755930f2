package org.infokernels.pairwise;

import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.kernel.GramProducts;
import org.infokernels.internal.kernel.GramProducts.Centred;
import org.infokernels.internal.kernel.GramProducts.Centring;
import org.infokernels.internal.support.KernelSupport;
import org.infokernels.internal.support.PairStatistics;
import org.infokernels.kernel.KernelType;

/**
 * HSIC, CKA (every variant but biased linear, which is computed in feature space per pair) and
 * CS-QMI for all pairs at once from the Frobenius products of the variables' centred Gram
 * matrices ({@link GramProducts}): each tile of each variable's kernel is evaluated once per pass
 * and enters every pair. What is shared: per variable, the preparation (standardisation), σ (the
 * median heuristic on the same seeded subsample the single-pair estimator draws), the rescaling
 * exponent and the Gram row sums; per pass, every kernel tile. Permutation tests: every pair draws
 * the same permutations (the stream of the run's seed, as the single-pair estimator does), so one
 * pass over the tiles of the unpermuted and the permuted column variables gives the null statistic
 * of every pair for that permutation.
 *
 * <p>The values are the single-pair estimators' formulas rewritten on centred products, which avoid
 * their cancellation: biased HSIC = tr(K̃L̃)/(n−1)² with K̃ = HKH; unbiased HSIC (Song et al. 2012,
 * eq. 5) = (K̃_U·L̃_U)/(n(n−3)) with U-centred K̃_U (Székely and Rizzo 2014, the same algebra as
 * for distance covariance); CKA the ratio of these; CS-QMI from the plain products and row sums.
 * They agree with the single-pair estimates to rounding (checked to 1e-9 relative in the tests).
 */
final class KernelPairs {
  private KernelPairs() {}

  enum Kind { HSIC, CKA, CS_QMI }

  /** what the pass computed; value and p are per pair (NaN where not reached) */
  static final class Output {
    double[] value;
    double[] p;
    boolean valuesDone;
    boolean testsDone;
  }

  /** the work units of a run: row sums, one tile pass for the values and one per permutation */
  static long units(int vars, int n, int permutations) {
    return vars * GramProducts.rowBlocks(n) + GramProducts.tiles(n) * (1L + permutations);
  }

  /**
   * @param rowVars the row variables (X)
   * @param colVars the column variables (Y), or null for X alone (pairs within X)
   * @param pr      row index of each pair
   * @param pc      column index of each pair
   */
  static Output run(PairMeasure measure, Variables rowVars, Variables colVars, int[] pr, int[] pc, int threads,
                    GramProducts.Control ctl, GramProducts.TileProducts tiles) {
    Kind kind;
    KernelType kernelType;
    boolean unbiased;
    Bandwidth sx;
    Bandwidth sy;
    if (measure instanceof PairMeasure.Hsic h) {
      kind = Kind.HSIC;
      kernelType = h.options().kernel();
      unbiased = h.options().unbiased();
      sx = h.options().sigma();
      sy = h.options().sigmaY();
    } else if (measure instanceof PairMeasure.Cka c) {
      kind = Kind.CKA;
      kernelType = c.options().kernel();
      unbiased = c.options().debiased();
      sx = c.options().sigma();
      sy = c.options().sigmaY();
    } else {
      PairMeasure.CsQmi q = (PairMeasure.CsQmi) measure;
      kind = Kind.CS_QMI;
      kernelType = KernelType.RBF;
      unbiased = false;
      sx = q.options().sigma();
      sy = q.options().sigmaY();
    }
    if (sy == null) {
      sy = sx;
    }
    RunSettings s = measure.settings();
    boolean linear = kernelType == KernelType.LINEAR;
    int px = rowVars.size();
    int py = colVars == null ? 0 : colVars.size();
    int nv = px + py;
    int n = rowVars.rows();
    // per variable: standardisation, rescaling exponent, σ (the single-pair estimator's own rules)
    KernelSupport.Variable[] kv = new KernelSupport.Variable[nv];
    GramProducts.Var[] vars = new GramProducts.Var[nv];
    for (int v = 0; v < nv; v++) {
      Matrix m = v < px ? rowVars.get(v) : colVars.get(v - px);
      Matrix prepared = Estimation.prepare(s, m)[0];
      kv[v] = KernelSupport.variable(prepared, linear, v < px ? sx : sy, s.seed());
      vars[v] = new GramProducts.Var(kv[v].data(), m.cols(), kv[v].kernel());
    }
    double[][] rows = GramProducts.rowSums(vars, n, threads, ctl);
    Centring mode = kind == Kind.CS_QMI ? Centring.NONE : unbiased ? Centring.U : Centring.DOUBLE;
    Centred[] centred = new Centred[nv];
    double[] total = new double[nv];
    for (int v = 0; v < nv; v++) {
      centred[v] = GramProducts.centred(vars[v], rows[v], n, mode);
      for (int i = 0; i < n; i++) {
        total[v] += rows[v][i];
      }
    }
    // the column variable of pair k is col[k] among the nv variables
    int[] row = pr.clone();
    int[] col = new int[pc.length];
    for (int k = 0; k < pc.length; k++) {
      col[k] = colVars == null ? pc[k] : px + pc[k];
    }
    // products: X alone, or CKA (which needs the self products): all variables, upper triangle;
    // else X × Y
    boolean square = colVars == null || kind == Kind.CKA;
    int[] a = square ? range(0, nv) : range(0, px);
    int[] b = square ? range(0, nv) : range(px, nv);
    double[] c = GramProducts.products(centred, n, a, b, square, threads, ctl, tiles);
    int nb = b.length;
    Output out = new Output();
    out.value = new double[pr.length];
    out.p = new double[pr.length];
    java.util.Arrays.fill(out.p, Double.NaN);
    double nn = (double) n * n;
    for (int k = 0; k < pr.length; k++) {
      int u = row[k];
      int v = col[k];
      double uv = square ? c[u * nb + v] : c[u * nb + (v - px)];
      out.value[k] = switch (kind) {
        case HSIC -> Ranges.unscale("hsic", hsic(uv, n, unbiased), linear ? 2 * (kv[u].exponent() + kv[v].exponent()) : 0);
        case CKA -> cka(uv, c[u * nb + u], c[v * nb + v], rowVars, colVars, u, v, px);
        case CS_QMI -> csQmi(uv, total[u], total[v], KernelSupport.dot(rows[u], rows[v]), nn, n);
      };
    }
    out.valuesDone = true;
    int perms = s.permutations();
    if (perms == 0) {
      out.testsDone = true;
      return out;
    }
    // permutation passes: A = the row-role variables, B = the column-role variables permuted
    int[] colRole = colVars == null ? range(0, px) : range(px, nv);
    int[] rowRole = range(0, px);
    long[] atLeast = new long[pr.length];
    SplittableRandom rng = Estimation.stream(s.seed(), 1);
    boolean hsic = measure instanceof PairMeasure.Hsic;
    Centred[] all = new Centred[nv + colRole.length];
    System.arraycopy(centred, 0, all, 0, nv);
    int[] permutedIdx = range(nv, nv + colRole.length);
    try {
      for (int r = 0; r < perms; r++) {
        // HSIC draws permutation r from its own stream, as the single-pair Hsic does (batched test of
        // the testing family); CKA and CS-QMI draw them in order from one stream, as theirs do
        int[] perm = hsic ? Estimation.permutation(n, PairStatistics.permutationStream(s.seed(), r))
            : Estimation.permutation(n, rng);
        for (int q = 0; q < colRole.length; q++) {
          all[nv + q] = centred[colRole[q]].permuted(perm);
        }
        double[] cp = GramProducts.products(all, n, rowRole, permutedIdx, false, threads, ctl, tiles);
        int ncp = colRole.length;
        for (int k = 0; k < pr.length; k++) {
          int u = row[k];
          int v = col[k];
          int q = colVars == null ? v : v - px;
          double uv = cp[u * ncp + q];
          double nul = switch (kind) {
            case HSIC -> Math.scalb(hsic(uv, n, unbiased), linear ? 2 * (kv[u].exponent() + kv[v].exponent()) : 0);
            case CKA -> uv / Math.sqrt(c[u * nb + u] * c[v * nb + v]);
            case CS_QMI -> csQmi(uv, total[u], total[v], permutedDot(rows[u], rows[v], perm), nn, n);
          };
          if (nul >= out.value[k]) {
            atLeast[k]++;
          }
        }
      }
    } catch (CancellationException e) {
      return out;
    }
    for (int k = 0; k < pr.length; k++) {
      out.p[k] = (1.0 + atLeast[k]) / (1.0 + perms);
    }
    out.testsDone = true;
    return out;
  }

  private static double hsic(double product, int n, boolean unbiased) {
    return unbiased ? product / ((double) n * (n - 3.0)) : product / ((n - 1.0) * (n - 1.0));
  }

  private static double cka(double uv, double uu, double vv, Variables rowVars, Variables colVars, int u, int v, int px) {
    double value = uv / Math.sqrt(uu * vv);
    if (!Double.isFinite(value)) {
      String nu = rowVars.name(u);
      String nvName = colVars == null ? rowVars.name(v) : colVars.name(v - px);
      throw new InvalidInputException("CKA is undefined for (" + nu + ", " + nvName + "): HSIC(K, K) or HSIC(L, L) is"
          + " not positive (" + (uu > 0 ? nvName : nu) + " is constant, or its kernel matrix has no variation after"
          + " centring)");
    }
    return value;
  }

  private static double csQmi(double sumKL, double sumK, double sumL, double rowDot, double nn, int n) {
    double vj = sumKL / nn;
    double vm = (sumK / nn) * (sumL / nn);
    double vc = rowDot / (nn * n);
    return Math.log(vj * vm / (vc * vc));
  }

  /** Σᵢ a[i]·b[perm[i]] */
  private static double permutedDot(double[] a, double[] b, int[] perm) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[perm[i]];
    }
    return s;
  }

  private static int[] range(int lo, int hi) {
    int[] r = new int[hi - lo];
    for (int i = 0; i < r.length; i++) {
      r[i] = lo + i;
    }
    return r;
  }
}
