package org.infokernels.bench.accuracy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.infokernels.internal.math.Distributions;
import org.infokernels.internal.math.SpecialFunctions;

/**
 * The 40 tasks of the BMI benchmark (Czyż et al., "Beyond Normal: On the Evaluation of Mutual
 * Information Estimators", NeurIPS 2023, §4 and Appendix; {@code cbg-ethz/bmi}
 * {@code src/bmi/benchmark/task_list.py}, the list behind the paper's Figure 2), regenerated in
 * Java with their ground truth. The truth is the closed form the BMI code uses:
 * <ul>
 *   <li>multivariate normal: I(X;Y) = ½ ln(det Σ_XX · det Σ_YY / det Σ) (Cholesky log-determinants);</li>
 *   <li>multivariate Student-t with dispersion Σ and ν degrees of freedom (Arellano-Valle,
 *       Contreras-Reyes, Genton, Scand. J. Stat. 40, 2013; BMI's {@code SplitStudentT}):
 *       I = I_normal(Σ) + h(d_X) + h(d_Y) − h(d_X + d_Y) with
 *       h(d) = ln Γ(ν/2) − ln Γ((ν+d)/2) + (d/2) ln(νπ) + ((ν+d)/2)(ψ((ν+d)/2) − ψ(ν/2));</li>
 *   <li>additive uniform noise Y = X + N, X ~ U(0,1), N ~ U(−ε, ε): I = ε − ln(2ε) for ε ≤ ½,
 *       1/(4ε) otherwise;</li>
 *   <li>every transformed task (normal CDF, half-cube t·√|t|, wiggly, asinh, spiral, bimodal
 *       inverse CDFs, Swiss-roll embedding): the MI of its base task, since MI is invariant under
 *       injective smooth maps of X and of Y (the paper's Theorem 2.1).</li>
 * </ul>
 * Dense: Σ with 1 on the diagonal and ½ elsewhere. 2-pair ("sparse"): BMI's Gaussian latent
 * variable model with two interacting pairs, λ = η = 2, ε = 1, α = β = 0, i.e. correlation
 * Cor(X_i, Y_i) = 4/5 for i &lt; 2 and 0 otherwise. Spiral: x ↦ exp(s·A·‖x‖²) x with A the so(d)
 * generator of the plane (0, 1) for X and (1, 2) for Y and speed s = 1/d.
 */
public final class BmiTasks {
  private BmiTasks() {}

  /** the correlation of the bivariate normal base of the one-dimensional tasks */
  public static final double GAUSSIAN_CORRELATION = 0.75;

  /** the 40 tasks in the order of BMI's {@code BENCHMARK_TASKS_LIST} */
  public static List<BmiTask> all() {
    List<BmiTask> t = new ArrayList<>();
    BmiTask binormal = bivariateNormal(GAUSSIAN_CORRELATION);
    BmiTask uniform = normalCdf(binormal);
    BmiTask bistudent = studentIdentity(1, 1, 1);
    t.add(binormal);
    t.add(uniform);
    t.add(additiveNoise(0.10));
    t.add(additiveNoise(0.75));
    t.add(bimodal(GAUSSIAN_CORRELATION));
    t.add(wiggly(binormal));
    t.add(halfCube(binormal));
    t.add(bistudent);
    t.add(asinh(bistudent));
    t.add(swissRoll(uniform));
    for (int d : new int[] {2, 3, 5, 25, 50}) {
      t.add(multinormalDense(d, d));
    }
    for (int d : new int[] {2, 3, 5, 25}) {
      t.add(multinormal2Pair(d, d));
    }
    int[][] students = {{2, 1}, {2, 2}, {3, 2}, {3, 3}, {5, 2}, {5, 3}};
    for (int[] s : students) {
      t.add(studentIdentity(s[0], s[0], s[1]));
    }
    BmiTask[] bases = {multinormal2Pair(3, 3), multinormal2Pair(5, 5), multinormal2Pair(25, 25)};
    for (BmiTask b : bases) {
      t.add(normalCdf(b));
    }
    for (BmiTask b : bases) {
      t.add(halfCube(b));
    }
    for (BmiTask b : bases) {
      t.add(spiral(b));
    }
    for (BmiTask b : bases) {
      t.add(spiral(normalCdf(b)));
    }
    t.add(asinh(studentIdentity(2, 2, 1)));
    t.add(asinh(studentIdentity(3, 3, 2)));
    t.add(asinh(studentIdentity(5, 5, 2)));
    return t;
  }

  // ---------------------------------------------------------------- base distributions

  /** X, Y standard normal with correlation ρ: I = −½ ln(1 − ρ²) */
  public static BmiTask bivariateNormal(double rho) {
    double[][] cov = {{1, rho}, {rho, 1}};
    return new BmiTask("1v1-normal-" + rho, "Bivariate normal 1 × 1", 1, 1, -0.5 * Math.log1p(-rho * rho),
        gaussian(cov, 1, 1));
  }

  /** (X, Y) ~ N(0, Σ) with Σ = ½·I + ½·11ᵀ (every correlation ½) */
  public static BmiTask multinormalDense(int dimX, int dimY) {
    int d = dimX + dimY;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        cov[i][j] = i == j ? 1.0 : 0.5;
      }
    }
    return new BmiTask("multinormal-dense-" + dimX + "-" + dimY + "-0.5",
        "Multinormal " + dimX + " × " + dimY + " (dense)", dimX, dimY, gaussianMi(cov, dimX), gaussian(cov, dimX, dimY));
  }

  /** BMI's 2-pair task: Cor(X_i, Y_i) = λ²/(ε² + λ²) = 4/5 for i &lt; 2, every other pair uncorrelated */
  public static BmiTask multinormal2Pair(int dimX, int dimY) {
    double[][] cov = lvmCorrelation(dimX, dimY, 2, 2.0, 2.0);
    return new BmiTask("multinormal-sparse-" + dimX + "-" + dimY + "-2-2.0",
        "Multinormal " + dimX + " × " + dimY + " (2-pair)", dimX, dimY, gaussianMi(cov, dimX), gaussian(cov, dimX, dimY));
  }

  /** multivariate Student-t with identity dispersion and ν degrees of freedom */
  public static BmiTask studentIdentity(int dimX, int dimY, int df) {
    int d = dimX + dimY;
    double[][] dispersion = new double[d][d];
    for (int i = 0; i < d; i++) {
      dispersion[i][i] = 1;
    }
    double mi = gaussianMi(dispersion, dimX) + studentCorrection(df, dimX, dimY);
    double[][] chol = cholesky(dispersion);
    BmiTask.Sampler s = (n, rng) -> {
      double[] x = new double[n * dimX];
      double[] y = new double[n * dimY];
      double[] z = new double[d];
      for (int i = 0; i < n; i++) {
        correlatedNormal(chol, rng, z);
        double w = 0;  // chi-squared with df degrees of freedom (df is an integer)
        for (int j = 0; j < df; j++) {
          double g = rng.nextGaussian();
          w += g * g;
        }
        double scale = 1 / Math.sqrt(w / df);
        for (int j = 0; j < dimX; j++) {
          x[i * dimX + j] = z[j] * scale;
        }
        for (int j = 0; j < dimY; j++) {
          y[i * dimY + j] = z[dimX + j] * scale;
        }
      }
      return new double[][] {x, y};
    };
    return new BmiTask("student-identity-" + dimX + "-" + dimY + "-" + df,
        "Student-t " + dimX + " × " + dimY + " (dof=" + df + ")", dimX, dimY, mi, s);
  }

  /** X ~ U(0, 1), Y = X + N with N ~ U(−ε, ε) */
  public static BmiTask additiveNoise(double epsilon) {
    double mi = epsilon > 0.5 ? 0.25 / epsilon : epsilon - Math.log(2 * epsilon);
    BmiTask.Sampler s = (n, rng) -> {
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = rng.nextDouble();
        y[i] = x[i] + epsilon * (2 * rng.nextDouble() - 1);
      }
      return new double[][] {x, y};
    };
    return new BmiTask("1v1-additive-" + trim(epsilon), "Uniform 1 × 1 (additive noise=" + trim(epsilon) + ")",
        1, 1, mi, s);
  }

  /**
   * BMI's bimodal task: the uniform task (Φ of the bivariate normal) pushed through the inverse
   * CDFs of 0.3·N(0,1) + 0.7·N(5,1) (X) and ½·N(−1,1) + ½·N(3,1) (Y), inverted by bisection on
   * [−10, 10] to 1e-12 as BMI's {@code invert_cdf}
   */
  public static BmiTask bimodal(double rho) {
    BmiTask uniform = normalCdf(bivariateNormal(rho));
    DoubleUnaryOperator fx = u -> invertCdf(t -> 0.3 * Distributions.normalCdf(t) + 0.7 * Distributions.normalCdf(t - 5), u);
    DoubleUnaryOperator fy = u -> invertCdf(t -> 0.5 * Distributions.normalCdf(t + 1) + 0.5 * Distributions.normalCdf(t - 3), u);
    BmiTask t = elementwise(uniform, "", "", fx, fy);
    return new BmiTask("1v1-bimodal-" + rho, "Bimodal 1 × 1", 1, 1, t.trueMi(), t.sampler());
  }

  // ---------------------------------------------------------------- transforms (MI unchanged)

  /** Φ applied to every coordinate */
  public static BmiTask normalCdf(BmiTask base) {
    return elementwise(base, "normal_cdf-", "Normal CDF @ ", Distributions::normalCdf, Distributions::normalCdf);
  }

  /** t ↦ t·√|t| on every coordinate */
  public static BmiTask halfCube(BmiTask base) {
    DoubleUnaryOperator f = t -> t * Math.sqrt(Math.abs(t));
    return elementwise(base, "half_cube-", "Half-cube @ ", f, f);
  }

  /** asinh on every coordinate */
  public static BmiTask asinh(BmiTask base) {
    DoubleUnaryOperator f = t -> Math.log(t + Math.sqrt(t * t + 1));
    DoubleUnaryOperator g = t -> t >= 0 ? f.applyAsDouble(t) : -f.applyAsDouble(-t);  // accurate for t < 0
    return elementwise(base, "asinh-", "Asinh @ ", g, g);
  }

  /** BMI's wiggly maps (strictly increasing) on X and on Y */
  public static BmiTask wiggly(BmiTask base) {
    DoubleUnaryOperator fx = t -> t + 0.4 * Math.sin(t) + 0.2 * Math.sin(1.7 * t + 1) + 0.03 * Math.sin(3.3 * t - 2.5);
    DoubleUnaryOperator fy = t -> t - 0.4 * Math.sin(0.4 * t) + 0.17 * Math.sin(1.3 * t + 3.5) + 0.02 * Math.sin(4.3 * t - 2.5);
    return elementwise(base, "wiggly-", "Wiggly @ ", fx, fy);
  }

  /**
   * BMI's spiral: x ↦ R(s‖x‖²) x with R(θ) the rotation by θ in the coordinate plane (0, 1) of X
   * and (1, 2) of Y (exp of the so(d) generator A, A[i][j] = −1, A[j][i] = 1), speed s = 1/d
   */
  public static BmiTask spiral(BmiTask base) {
    if (base.dimX() < 2 || base.dimY() < 3) {
      throw new IllegalArgumentException("spiral needs dimX >= 2 and dimY >= 3");
    }
    int dx = base.dimX();
    int dy = base.dimY();
    BmiTask.Sampler s = (n, rng) -> {
      double[][] xy = base.sampler().sample(n, rng);
      rotate(xy[0], n, dx, 0, 1, 1.0 / dx);
      rotate(xy[1], n, dy, 1, 2, 1.0 / dy);
      return xy;
    };
    return new BmiTask("spiral-" + base.id(), "Spiral @ " + base.name(), dx, dy, base.trueMi(), s);
  }

  /** BMI's Swiss roll of a one-dimensional X in [0, 1]: t = 1.5π(1 + 2x), X ↦ (t cos t, t sin t)/21 */
  public static BmiTask swissRoll(BmiTask base) {
    if (base.dimX() != 1) {
      throw new IllegalArgumentException("the Swiss roll embeds a one-dimensional X");
    }
    BmiTask.Sampler s = (n, rng) -> {
      double[][] xy = base.sampler().sample(n, rng);
      double[] x2 = new double[2 * n];
      for (int i = 0; i < n; i++) {
        double t = 1.5 * Math.PI * (1 + 2 * xy[0][i]);
        x2[2 * i] = t * Math.cos(t) / 21.0;
        x2[2 * i + 1] = t * Math.sin(t) / 21.0;
      }
      return new double[][] {x2, xy[1]};
    };
    return new BmiTask("swissroll_x-" + base.id(), "Swiss roll 2 × 1", 2, base.dimY(), base.trueMi(), s);
  }

  // ---------------------------------------------------------------- closed forms and helpers

  /**
   * BMI's {@code GaussianLVMParametrization(...).correlation} with α = β = 0, ε = 1: the covariance
   * ε²·I + λ² on the diagonal and on (X_i, Y_i) for the first {@code interacting} pairs, η² added to
   * the other diagonal entries, then scaled to a correlation matrix
   */
  static double[][] lvmCorrelation(int dimX, int dimY, int interacting, double lambda, double eta) {
    int d = dimX + dimY;
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      c[i][i] = 1.0;
    }
    for (int i = 0; i < interacting; i++) {
      int j = dimX + i;
      c[i][j] += lambda * lambda;
      c[j][i] += lambda * lambda;
      c[i][i] += lambda * lambda;
      c[j][j] += lambda * lambda;
    }
    for (int i = interacting; i < dimX; i++) {
      c[i][i] += eta * eta;
    }
    for (int j = dimX + interacting; j < d; j++) {
      c[j][j] += eta * eta;
    }
    double[] sd = new double[d];
    for (int i = 0; i < d; i++) {
      sd[i] = Math.sqrt(c[i][i]);
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        c[i][j] /= sd[i] * sd[j];
      }
    }
    return c;
  }

  /** ½ ln(det Σ_XX · det Σ_YY / det Σ) for the first dimX coordinates against the rest */
  public static double gaussianMi(double[][] cov, int dimX) {
    int d = cov.length;
    double[][] xx = new double[dimX][dimX];
    double[][] yy = new double[d - dimX][d - dimX];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        if (i < dimX && j < dimX) {
          xx[i][j] = cov[i][j];
        } else if (i >= dimX && j >= dimX) {
          yy[i - dimX][j - dimX] = cov[i][j];
        }
      }
    }
    return Math.max(0.0, 0.5 * (logDet(xx) + logDet(yy) - logDet(cov)));
  }

  /** h(d_X) + h(d_Y) − h(d_X + d_Y) of the Student-t MI (class javadoc) */
  public static double studentCorrection(int df, int dimX, int dimY) {
    return studentEntropyTerm(dimX, df) + studentEntropyTerm(dimY, df) - studentEntropyTerm(dimX + dimY, df);
  }

  /** differential entropy of Student-t(0, I_k, ν) (Arellano-Valle et al. 2013, eq. 7) */
  static double studentEntropyTerm(int k, int df) {
    double half = 0.5 * (df + k);
    return SpecialFunctions.lnGammaHalf(df) - SpecialFunctions.lnGammaHalf(df + k) + 0.5 * k * Math.log(df * Math.PI)
        + half * (SpecialFunctions.digamma(half) - SpecialFunctions.digamma(0.5 * df));
  }

  /** the lower Cholesky factor of a symmetric positive-definite matrix */
  static double[][] cholesky(double[][] a) {
    int d = a.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalArgumentException("the matrix is not positive definite");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  static double logDet(double[][] a) {
    double[][] l = cholesky(a);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += 2 * Math.log(l[i][i]);
    }
    return s;
  }

  private static void correlatedNormal(double[][] chol, SplittableRandom rng, double[] out) {
    int d = chol.length;
    double[] z = new double[d];
    for (int i = 0; i < d; i++) {
      z[i] = rng.nextGaussian();
    }
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int k = 0; k <= i; k++) {
        s += chol[i][k] * z[k];
      }
      out[i] = s;
    }
  }

  private static BmiTask.Sampler gaussian(double[][] cov, int dimX, int dimY) {
    double[][] chol = cholesky(cov);
    return (n, rng) -> {
      double[] x = new double[n * dimX];
      double[] y = new double[n * dimY];
      double[] z = new double[dimX + dimY];
      for (int i = 0; i < n; i++) {
        correlatedNormal(chol, rng, z);
        System.arraycopy(z, 0, x, i * dimX, dimX);
        System.arraycopy(z, dimX, y, i * dimY, dimY);
      }
      return new double[][] {x, y};
    };
  }

  private static BmiTask elementwise(BmiTask base, String idPrefix, String namePrefix, DoubleUnaryOperator fx,
      DoubleUnaryOperator fy) {
    BmiTask.Sampler s = (n, rng) -> {
      double[][] xy = base.sampler().sample(n, rng);
      for (int i = 0; i < xy[0].length; i++) {
        xy[0][i] = fx.applyAsDouble(xy[0][i]);
      }
      for (int i = 0; i < xy[1].length; i++) {
        xy[1][i] = fy.applyAsDouble(xy[1][i]);
      }
      return xy;
    };
    return new BmiTask(idPrefix + base.id(), namePrefix + base.name(), base.dimX(), base.dimY(), base.trueMi(), s);
  }

  private static void rotate(double[] a, int n, int d, int p, int q, double speed) {
    for (int i = 0; i < n; i++) {
      double r2 = 0;
      for (int j = 0; j < d; j++) {
        r2 += a[i * d + j] * a[i * d + j];
      }
      double theta = speed * r2;
      double c = Math.cos(theta);
      double s = Math.sin(theta);
      double u = a[i * d + p];
      double v = a[i * d + q];
      a[i * d + p] = c * u - s * v;
      a[i * d + q] = s * u + c * v;
    }
  }

  /** the x in [−10, 10] with cdf(x) = u, by bisection to 1e-12 (BMI's {@code invert_mono}) */
  static double invertCdf(DoubleUnaryOperator cdf, double u) {
    double lo = -10;
    double hi = 10;
    while (hi - lo > 1e-12) {
      double mid = 0.5 * (lo + hi);
      if (!(mid > lo && mid < hi)) {
        break;
      }
      if (cdf.applyAsDouble(mid) < u) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** Python's str of a float for the ids: 0.1, 0.75 */
  private static String trim(double v) {
    return String.valueOf(v);
  }
}
