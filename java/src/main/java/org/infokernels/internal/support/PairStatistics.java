package org.infokernels.internal.support;

import java.util.SplittableRandom;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.PairRowsDispatch;
import org.infokernels.internal.math.Distributions;
import org.infokernels.internal.testing.PairFn;

/**
 * Statistics of one paired sample built from per-row pair sums ({@code ik_pair_rows} and
 * {@code ik_pair_centred_rows}): the centred traces behind HSIC and distance covariance, their
 * leave-one-out values (jackknife standard errors), HSIC's gamma null, and batched permutation
 * tests with one seeded stream per permutation; and the two-sample sums of energy distance and
 * MMD. Shared by {@code org.infokernels.kernel.Hsic} and the testing family. Internal: not API.
 *
 * <p>With aᵢⱼ = f_x(xᵢ, xⱼ), bᵢⱼ = f_y(yᵢ, yⱼ), row sums raᵢ, rbᵢ, pᵢ = Σⱼ aᵢⱼbᵢⱼ, totals
 * T = Σp, Sa, Sb and Q = Σ raᵢrbᵢ, both statistics are a numerator
 * <pre>
 *   V (double centring, diagonal included):  tr(aHbH) = T − (2/n) Q + Sa Sb / n²
 *   U (zero diagonals ã, b̃):                 T̃ + S̃a S̃b / ((n−1)(n−2)) − (2/(n−2)) Q̃
 * </pre>
 * over a normaliser: dCov²_V = V/n², HSIC_b = V/(n−1)², dCov²_U = HSIC_u = U/(n(n−3)) (Székely,
 * Rizzo, Bakirov 2007; Gretton et al. 2005; Székely &amp; Rizzo 2014; Song et al. 2012). Every total
 * is a compensated sum (Neumaier; products by FMA two-product), so the numerator, which cancels to
 * ~1/n of its terms for independent samples, keeps ~n·ε relative accuracy.
 */
public final class PairStatistics {
  private PairStatistics() {}

  // ---------------------------------------------------------------------------------------------
  // compensated sums

  /** Σ v[offset + k·stride], k &lt; count, by Neumaier's algorithm */
  public static double sum(double[] v, int offset, int stride, int count) {
    double s = 0;
    double c = 0;
    for (int k = 0; k < count; k++) {
      double x = v[offset + k * stride];
      double t = s + x;
      c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
      s = t;
    }
    return s + c;
  }

  public static double sum(double[] v) {
    return sum(v, 0, 1, v.length);
  }

  /** Σ aₖbₖ with each product's rounding error (FMA) and Neumaier's compensation */
  public static double dot(double[] a, double[] b) {
    double s = 0;
    double c = 0;
    for (int k = 0; k < a.length; k++) {
      double p = a[k] * b[k];
      c += Math.fma(a[k], b[k], -p);
      double t = s + p;
      c += Math.abs(s) >= Math.abs(p) ? (s - t) + p : (p - t) + s;
      s = t;
    }
    return s + c;
  }

  /** Σ aₖ b_perm(k), compensated as {@link #dot} */
  static double dot(double[] a, double[] b, int[] perm) {
    double s = 0;
    double c = 0;
    for (int k = 0; k < a.length; k++) {
      double bk = b[perm[k]];
      double p = a[k] * bk;
      c += Math.fma(a[k], bk, -p);
      double t = s + p;
      c += Math.abs(s) >= Math.abs(p) ? (s - t) + p : (p - t) + s;
      s = t;
    }
    return s + c;
  }

  static double[] column(double[] rows, int width, int col, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = rows[i * width + col];
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // centred traces of a paired sample

  /** V: double centring with the diagonal (biased HSIC, dCov V-statistic); U: zero diagonals (unbiased) */
  public enum Form {
    V, U;

    /** the coefficients (c1, c2) of numerator = T − c1·Q + c2·Sa·Sb at n rows */
    double c1(int n) {
      return this == V ? 2.0 / n : 2.0 / (n - 2.0);
    }

    double c2(int n) {
      return this == V ? 1.0 / ((double) n * n) : 1.0 / ((n - 1.0) * (n - 2.0));
    }
  }

  /** the pair (a, b), (a, a) or (b, b) */
  public enum Pair { AB, AA, BB }

  /**
   * The per-row sums of one sample in the form of a statistic: for U the rows of the zero-diagonal
   * matrices (raᵢ − aᵢᵢ, pᵢ − aᵢᵢbᵢᵢ, ...), for V the rows as they are.
   */
  public static final class Centred {
    public final Form form;
    public final int n;
    final double[] ra;
    final double[] rb;
    final double[] p;
    final double[] paa;
    final double[] pbb;
    /** the diagonals in the formulas (V: aᵢᵢ, bᵢᵢ; U: 0) */
    final double[] da;
    final double[] db;
    /** the actual diagonals aᵢᵢ, bᵢᵢ (what a pass over all j includes) */
    final double[] diagA;
    final double[] diagB;
    final double sa;
    final double sb;
    final double t;
    final double taa;
    final double tbb;
    final double q;
    final double qaa;
    final double qbb;

    /**
     * @param rows  n × 5 from {@code ik_pair_rows} (a, b, ab, aa, bb)
     * @param diagA aᵢᵢ
     * @param diagB bᵢᵢ
     */
    public Centred(Form form, double[] rows, double[] diagA, double[] diagB, int n) {
      this.form = form;
      this.n = n;
      this.diagA = diagA;
      this.diagB = diagB;
      ra = column(rows, 5, 0, n);
      rb = column(rows, 5, 1, n);
      p = column(rows, 5, 2, n);
      paa = column(rows, 5, 3, n);
      pbb = column(rows, 5, 4, n);
      if (form == Form.U) {
        for (int i = 0; i < n; i++) {
          ra[i] -= diagA[i];
          rb[i] -= diagB[i];
          p[i] -= diagA[i] * diagB[i];
          paa[i] -= diagA[i] * diagA[i];
          pbb[i] -= diagB[i] * diagB[i];
        }
        da = new double[n];
        db = new double[n];
      } else {
        da = diagA;
        db = diagB;
      }
      sa = sum(ra);
      sb = sum(rb);
      t = sum(p);
      taa = sum(paa);
      tbb = sum(pbb);
      q = dot(ra, rb);
      qaa = dot(ra, ra);
      qbb = dot(rb, rb);
    }

    static double numerator(Form f, int n, double t, double q, double sa, double sb) {
      return t - f.c1(n) * q + f.c2(n) * sa * sb;
    }

    /** the numerator of the statistic of the pair: V = tr(aHbH), U as in the class comment */
    public double numerator(Pair pair) {
      switch (pair) {
        case AA: return numerator(form, n, taa, qaa, sa, sa);
        case BB: return numerator(form, n, tbb, qbb, sb, sb);
        default: return numerator(form, n, t, q, sa, sb);
      }
    }

    /** the numerator with T and Q of a permutation π of y (T over all j, diagonal included) */
    public double permutedNumerator(double tAll, int[] perm) {
      double tf = tAll;
      if (form == Form.U) {
        tf -= dot(diagA, diagB, perm);
      }
      return numerator(form, n, tf, dot(ra, rb, perm), sa, sb);
    }

    /** the vectors ({@link #ra}, {@link #rb}) the second pass weights with: leave-one-out needs a·rb, b·ra, ... */
    public double[] weightA() {
      return ra;
    }

    public double[] weightB() {
      return rb;
    }

    /**
     * The leave-one-out numerators of the pair at n − 1 rows for every i, from the second pass
     * {@code ik_pair_centred_rows} with va = {@link #weightA()}, vb = {@link #weightB()} (n × 5).
     * Removing row and column i: T' = T − 2pᵢ + aᵢᵢbᵢᵢ, Sa' = Sa − 2raᵢ + aᵢᵢ and
     * Q' = (Q − raᵢrbᵢ) − uᵢ − vᵢ + (pᵢ − aᵢᵢbᵢᵢ) with uᵢ = Σ_{j≠i} aᵢⱼrbⱼ, vᵢ = Σ_{j≠i} bᵢⱼraⱼ
     * (U: the same on the zero-diagonal rows).
     */
    public double[] leaveOneOut(Pair pair, double[] pass2) {
      int m = n - 1;
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        double ti;
        double qi;
        double sai;
        double sbi;
        double ui;
        double vi;
        double pi;
        double dd;
        switch (pair) {
          case AA:
            pi = paa[i];
            dd = da[i] * da[i];
            ui = pass2[i * 5] - diagA[i] * ra[i];
            vi = ui;
            ti = taa;
            qi = qaa - ra[i] * ra[i];
            sai = sa - 2 * ra[i] + da[i];
            sbi = sai;
            break;
          case BB:
            pi = pbb[i];
            dd = db[i] * db[i];
            ui = pass2[i * 5 + 3] - diagB[i] * rb[i];
            vi = ui;
            ti = tbb;
            qi = qbb - rb[i] * rb[i];
            sai = sb - 2 * rb[i] + db[i];
            sbi = sai;
            break;
          default:
            pi = p[i];
            dd = da[i] * db[i];
            ui = pass2[i * 5 + 1] - diagA[i] * rb[i];
            vi = pass2[i * 5 + 2] - diagB[i] * ra[i];
            ti = t;
            qi = q - ra[i] * rb[i];
            sai = sa - 2 * ra[i] + da[i];
            sbi = sb - 2 * rb[i] + db[i];
            break;
        }
        double tl = ti - 2 * pi + dd;
        double ql = qi - ui - vi + (pi - dd);
        out[i] = numerator(form, m, tl, ql, sai, sbi);
      }
      return out;
    }
  }

  /**
   * The second pass for the jackknife and the gamma null: {@code ik_pair_centred_rows} with the
   * weights of {@code c} and the double centring of the V form (caᵢ = raᵢ/n, ga = Sa/n² on the
   * rows with their diagonal).
   */
  public static double[] secondPass(Backend b, double[] x, int dx, PairFn fx, double[] y, int dy, PairFn fy,
                                    Centred c, double[] rows, int threads) {
    int n = c.n;
    double[] ca = column(rows, 5, 0, n);
    double[] cb = column(rows, 5, 1, n);
    double ga = sum(ca) / ((double) n * n);
    double gb = sum(cb) / ((double) n * n);
    for (int i = 0; i < n; i++) {
      ca[i] /= n;
      cb[i] /= n;
    }
    return PairRowsDispatch.pairCentredRows(b, x, dx, fx, y, dy, fy, n, c.weightA(), c.weightB(), ca, cb, ga, gb,
        threads);
  }

  // ---------------------------------------------------------------------------------------------
  // jackknife and intervals

  /**
   * The jackknife variance (n − 1)/n · Σ (θ₍ᵢ₎ − θ̄)² of leave-one-out values (Quenouille 1956,
   * Tukey 1958; for U-statistics Arvesen 1969: consistent, and by the Efron–Stein inequality
   * never biased low)
   */
  public static double jackknifeVariance(double[] loo) {
    int n = loo.length;
    double mean = sum(loo) / n;
    double[] dev = new double[n];
    for (int i = 0; i < n; i++) {
      double d = loo[i] - mean;
      dev[i] = d * d;
    }
    return (n - 1.0) / n * sum(dev);
  }

  /** a confidence level: 0 (no interval) or strictly inside (0, 1); anything else is refused */
  public static double checkLevel(double level) {
    if (level != 0 && !(level > 0 && level < 1)) {
      throw new InvalidInputException("ci = " + level + " is outside (0, 1): give a confidence level such as 0.95");
    }
    return level;
  }

  /**
   * The interval value ± z·se of the level on the builder: std_error (typed), ci_low, ci_high and
   * ci_method (what the standard error is)
   */
  public static void interval(Estimate.Builder b, double value, double se, double level, String method) {
    double h = z(level) * se;
    b.stdError(se).extra("ci_low", value - h).extra("ci_high", value + h).extra("ci_method", method)
        .extra("ci_level", level);
  }

  /** z = Φ⁻¹(1 − (1 − level)/2) of a two-sided normal interval */
  public static double z(double level) {
    return Distributions.normalQuantile(1 - (1 - level) / 2);
  }

  // ---------------------------------------------------------------------------------------------
  // HSIC's gamma null

  /**
   * The gamma approximation of the null distribution of the biased HSIC (Gretton et al. 2007 [1],
   * their hsicTestGamma): with Kc = HKH, Lc = HLH,
   * <pre>
   *   E[HSIC_b]   = (1/n)(tr K/n − μx)(tr L/n − μy),  μx = Σ_{i≠j} Kᵢⱼ/(n(n−1))    (1 + μxμy − μx − μy for unit diagonals)
   *   Var[HSIC_b] = 2(n−4)(n−5)/(n(n−1)(n−2)(n−3)) · Σ_{i≠j} (Kcᵢⱼ Lcᵢⱼ)²/(n(n−1))
   * </pre>
   * for HSIC_b = tr(KcLc)/n²; the statistic n·HSIC_b is matched to Gamma(α, β), α = E²/Var,
   * β = n·Var/E. Returns {p, mean, std} with mean and std of HSIC_b rescaled to the normalisation
   * tr(KHLH)/(n−1)² of {@code Hsic}.
   *
   * <p>[1] A. Gretton, K. Fukumizu, C. H. Teo, L. Song, B. Schölkopf, A. J. Smola, "A kernel
   * statistical test of independence", NIPS 20 (2007).
   */
  public static double[] gammaNull(double[] rows, double[] diagA, double[] diagB, double[] pass2, int n) {
    if (n < 6) {
      throw new InvalidInputException("the gamma null of HSIC needs n >= 6 rows (n = " + n + ")");
    }
    Centred v = new Centred(Form.V, rows, diagA, diagB, n);
    double nn = (double) n * n;
    double trA = sum(diagA);
    double trB = sum(diagB);
    double muX = (v.sa - trA) / (n * (n - 1.0));
    double muY = (v.sb - trB) / (n * (n - 1.0));
    double mean = (trA / n - muX) * (trB / n - muY) / n;
    // Σ_{i≠j} (Kc Lc)²: the pass over all j minus the diagonal, Kc_ii = K_ii − 2 ra_i/n + Sa/n²
    double all = sum(pass2, 4, 5, n);
    double[] diag = new double[n];
    for (int i = 0; i < n; i++) {
      double kc = diagA[i] - 2 * v.ra[i] / n + v.sa / nn;
      double lc = diagB[i] - 2 * v.rb[i] / n + v.sb / nn;
      diag[i] = (kc * lc) * (kc * lc);
    }
    double off = all - sum(diag);
    double var = 2.0 * (n - 4.0) * (n - 5.0) / (n * (n - 1.0) * (n - 2.0) * (n - 3.0)) * off / (n * (n - 1.0));
    double stat = v.numerator(Pair.AB) / n;  // n · HSIC_b with HSIC_b = tr(KcLc)/n²
    double p;
    if (!(mean > 0) || !(var > 0)) {
      p = 1.0;  // a constant kernel: no evidence of dependence
    } else {
      double shape = mean * mean / var;
      double scale = n * var / mean;
      p = Distributions.gammaSurvival(stat, shape, scale);
    }
    double toHsic = nn / ((n - 1.0) * (n - 1.0));  // HSIC_b of Gretton (1/n²) to tr(KHLH)/(n−1)²
    return new double[] {p, mean * toHsic, Math.sqrt(Math.max(var, 0)) * toHsic};
  }

  // ---------------------------------------------------------------------------------------------
  // permutation tests

  /** p-value (1 + #{null ≥ observed})/(1 + N), and the null's mean and standard deviation (ddof = 1) */
  public record NullResult(double pValue, double mean, double std, int count) {}

  /**
   * The random stream of permutation k: derived from (seed, k) alone, so a test gives the same
   * permutations whatever the batch size or the order they are drawn in
   */
  public static SplittableRandom permutationStream(long seed, int k) {
    long base = Estimation.stream(seed, 1).nextLong();
    return new SplittableRandom(base + 0x9E3779B97F4A7C15L * (k + 1L));
  }

  /** permutations per batch of a paired test (each adds n·dy doubles of permuted y) */
  static final int PAIRED_BATCH = 16;
  /** permutations per batch of a two-sample test (each adds one column of group indicators) */
  static final int TWO_SAMPLE_BATCH = 32;

  static NullResult result(double observed, double[] nulls, double scale) {
    int count = nulls.length;
    int atLeast = 0;
    for (double v : nulls) {
      if (v >= observed) {
        atLeast++;
      }
    }
    double[] s = new double[count];
    for (int k = 0; k < count; k++) {
      s[k] = nulls[k] * scale;
    }
    double mean = sum(s) / count;
    double[] dev = new double[count];
    for (int k = 0; k < count; k++) {
      dev[k] = (s[k] - mean) * (s[k] - mean);
    }
    double std = count > 1 ? Math.sqrt(sum(dev) / (count - 1)) : 0.0;
    return new NullResult((1.0 + atLeast) / (1.0 + count), mean, std, count);
  }

  /** Σⱼ aᵢⱼ b_π(i)π(j) summed over i, for each permutation of a batch */
  public interface PermutedSums {
    double[] of(int[][] perms);
  }

  /**
   * A paired permutation test of the statistic scale · numerator(AB) with y's rows permuted
   * (permutation k drawn from {@link #permutationStream}), in batches whose x side is evaluated once.
   */
  public static NullResult pairedTest(Centred c, int count, long seed, double scale, PermutedSums sums) {
    int n = c.n;
    double observed = c.numerator(Pair.AB);
    double[] nulls = new double[count];
    for (int k0 = 0; k0 < count; k0 += PAIRED_BATCH) {
      int bsz = Math.min(PAIRED_BATCH, count - k0);
      int[][] perms = new int[bsz][];
      for (int k = 0; k < bsz; k++) {
        perms[k] = Estimation.permutation(n, permutationStream(seed, k0 + k));
      }
      double[] t = sums.of(perms);
      for (int k = 0; k < bsz; k++) {
        nulls[k0 + k] = c.permutedNumerator(t[k], perms[k]);
      }
    }
    // compare numerators (the scale is positive); report the statistic's scale
    return result(observed, nulls, scale);
  }

  /** {@link PermutedSums} on the tiled pair rows of a backend */
  public static PermutedSums tiledSums(Backend b, double[] x, int dx, PairFn fx, double[] y, int dy, PairFn fy, int n,
                                       int threads) {
    return perms -> {
      int bsz = perms.length;
      double[] yb = new double[bsz * n * dy];
      for (int k = 0; k < bsz; k++) {
        for (int i = 0; i < n; i++) {
          System.arraycopy(y, perms[k][i] * dy, yb, (k * n + i) * dy, dy);
        }
      }
      double[] rows = PairRowsDispatch.pairPermutedRows(b, x, dx, fx, yb, dy, fy, n, bsz, threads);
      double[] out = new double[bsz];
      for (int k = 0; k < bsz; k++) {
        out[k] = sum(rows, k, bsz, n);
      }
      return out;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // two samples on the pooled sample

  /**
   * The sums of f over the pairs within X (the first n rows of the pooled sample), within Y (the
   * other m) and across, and the per-row sums the jackknife needs: s1ᵢ = Σ_{j∈X} f(zᵢ, zⱼ),
   * s2ᵢ = Σ_{j∈Y} f(zᵢ, zⱼ) for every pooled row i.
   */
  public record TwoSample(int n, int m, double sxx, double syy, double sxy, double[] s1, double[] s2) {
    /** Σ over the pooled pairs of both groups' rows, f(zᵢ, zᵢ) included */
    public double total() {
      return sxx + syy + 2 * sxy;
    }
  }

  /** the statistic of (n, m, Sxx, Syy, Sxy) */
  public interface TwoSampleStatistic {
    double of(int n, int m, double sxx, double syy, double sxy);
  }

  public static TwoSample twoSample(Backend b, double[] z, int d, PairFn f, int n, int m, int threads) {
    int N = n + m;
    double[] v = new double[N * 2];
    for (int i = 0; i < N; i++) {
      v[i * 2 + (i < n ? 0 : 1)] = 1.0;
    }
    double[] fv = PairRowsDispatch.pairMatvec(b, z, d, f, N, v, 2, threads);
    return twoSampleOf(fv, n, m);
  }

  /** The two-sample sums from the pooled rows' sums over each group (fv: N × 2, row-major). */
  static TwoSample twoSampleOf(double[] fv, int n, int m) {
    int big = n + m;
    double[] s1 = new double[big];
    double[] s2 = new double[big];
    for (int i = 0; i < big; i++) {  // both columns in one pass
      s1[i] = fv[2 * i];
      s2[i] = fv[2 * i + 1];
    }
    return new TwoSample(n, m, sum(s1, 0, 1, n), sum(s2, n, 1, m), sum(s2, 0, 1, n), s1, s2);
  }

  /**
   * Two-sample jackknife (Arvesen 1969): the statistic with xᵢ left out for each i and with yⱼ
   * left out for each j; variance = (n−1)/n Σ (θ₍ᵢ₎ − θ̄)² + (m−1)/m Σ (θ₍ⱼ₎ − θ̄)². Removing
   * xᵢ: Sxx − 2s1ᵢ + f(xᵢ, xᵢ), Sxy − s2ᵢ; removing yⱼ: Syy − 2s2ⱼ + f(yⱼ, yⱼ), Sxy − s1ⱼ.
   */
  public static double twoSampleJackknifeVariance(TwoSample t, double[] diag, TwoSampleStatistic stat) {
    int n = t.n();
    int m = t.m();
    double[] lx = new double[n];
    for (int i = 0; i < n; i++) {
      lx[i] = stat.of(n - 1, m, t.sxx() - 2 * t.s1()[i] + diag[i], t.syy(), t.sxy() - t.s2()[i]);
    }
    double[] ly = new double[m];
    for (int j = 0; j < m; j++) {
      int r = n + j;
      ly[j] = stat.of(n, m - 1, t.sxx(), t.syy() - 2 * t.s2()[r] + diag[r], t.sxy() - t.s1()[r]);
    }
    return jackknifeVariance(lx) + jackknifeVariance(ly);
  }

  /**
   * A two-sample permutation test: the pooled rows are permuted (permutation k from
   * {@link #permutationStream}) and the first n taken as X. With uᵏ the indicator of X and
   * r = F·1, Sxx = uᵀFu, Sxy = uᵀr − Sxx and Syy = Σr − 2uᵀr + Sxx, so a batch of permutations
   * is one mat-vec F·[u¹ … uᴮ] on the pooled sample.
   */
  public static NullResult twoSampleTest(Backend b, double[] z, int d, PairFn f, TwoSample obs, int count, long seed,
                                         TwoSampleStatistic stat, int threads) {
    int n = obs.n();
    int m = obs.m();
    int N = n + m;
    double[] r = new double[N];
    for (int i = 0; i < N; i++) {
      r[i] = obs.s1()[i] + obs.s2()[i];
    }
    double total = sum(r);
    double observed = stat.of(n, m, obs.sxx(), obs.syy(), obs.sxy());
    double[] nulls = new double[count];
    for (int k0 = 0; k0 < count; k0 += TWO_SAMPLE_BATCH) {
      int bsz = Math.min(TWO_SAMPLE_BATCH, count - k0);
      double[] u = new double[N * bsz];
      for (int k = 0; k < bsz; k++) {
        int[] perm = Estimation.permutation(N, permutationStream(seed, k0 + k));
        for (int i = 0; i < n; i++) {
          u[perm[i] * bsz + k] = 1.0;
        }
      }
      double[] fu = PairRowsDispatch.pairMatvec(b, z, d, f, N, u, bsz, threads);
      for (int k = 0; k < bsz; k++) {
        double[] a = new double[N];
        double[] ur = new double[N];
        for (int i = 0; i < N; i++) {
          double ui = u[i * bsz + k];
          a[i] = ui * fu[i * bsz + k];
          ur[i] = ui * r[i];
        }
        double sxx = sum(a);
        double uR = sum(ur);
        double sxy = uR - sxx;
        double syy = total - 2 * uR + sxx;
        nulls[k0 + k] = stat.of(n, m, sxx, syy, sxy);
      }
    }
    return result(observed, nulls, 1.0);
  }
}
