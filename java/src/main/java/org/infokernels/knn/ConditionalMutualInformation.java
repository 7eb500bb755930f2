package org.infokernels.knn;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.KnnSupport;
import org.infokernels.internal.Parallel;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.math.SpecialFunctions;

/**
 * Conditional mutual information I(X;Y|Z) in nats by Frenzel and Pompe [1], eq. 2, a KSG
 * algorithm-1 style estimator:
 * <pre>  Î = ψ(k) − ⟨ψ(n_xz + 1) + ψ(n_yz + 1) − ψ(n_z + 1)⟩</pre>
 * ε(i)/2 is the max-norm distance of (x, y, z)ᵢ to its k-th neighbour; n_xz(i), n_yz(i), n_z(i)
 * count the other points strictly inside that radius in the (x,z), (y,z) and z subspaces.
 * Time O(N log N) for low dimension, memory O(N d).
 *
 * <p>Permutation test (Runge [2]): X is shuffled only among points with similar Z, so that the
 * null keeps the X–Z dependence. For each point the {@code shuffleNeighbours} nearest points in
 * Z (max norm, the point itself included) are listed in random order; visiting the points in
 * random order, each takes the first listed neighbour whose x is not yet used (or the last one
 * if all are used). This is tigramite's {@code CMIknn} restricted permutation; finding the
 * neighbours costs one exact k-NN search in Z.
 *
 * <p>[1] S. Frenzel, B. Pompe, Phys. Rev. Lett. 99, 204101 (2007).
 * [2] J. Runge, Proc. AISTATS 2018, PMLR 84:938–947 ("Conditional independence testing based on
 * a nearest-neighbor estimator of conditional mutual information").
 */
public final class ConditionalMutualInformation {
  private final CmiOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public ConditionalMutualInformation(CmiOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Î(X;Y|Z) in nats of the paired samples (row i of x, y and z is one draw) by the formula of the
   * class javadoc, after the standardisation and jitter the settings ask for; with permutations, the
   * p-value of the restricted permutation test.
   *
   * @param x n × dx sample
   * @param y n × dy sample
   * @param z n × dz conditioning sample
   * @return the estimate in nats; extras {@code k} and, with a permutation test,
   *         {@code shuffle_neighbours}
   * @throws org.infokernels.core.InvalidInputException if the three have different numbers of rows, k ≥ n, the
   *         precision is not double, a joint point coincides with its k-th neighbour (duplicates; add jitter),
   *         standardisation meets a constant column, or an explicit cuda backend is asked for k &gt; 64
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y, Matrix z) {
    Check.sameRows(x, y);
    Check.sameRows(x, z);
    int n = x.rows();
    int k = options.k();
    Check.kBelowN(k, n, x.name() + ", " + y.name() + " and " + z.name());
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "cmi");
    Backend backend = Backends.selectForKnn(s.backend(), k);
    long t0 = System.nanoTime();
    // one power of two for all inputs (exact): every distance, hence every count, is unchanged
    Matrix[] prepared = Estimation.prepare(s, x, y, z);
    Matrix[] p = Ranges.scaled(Ranges.exponent(prepared), prepared);
    double[] xd = p[0].toRowMajor();
    double[] yd = p[1].toRowMajor();
    double[] zd = p[2].toRowMajor();
    int dx = x.cols();
    int dy = y.cols();
    int dz = z.cols();
    Backend.CmiCounts c = backend.cmiCounts(xd, dx, yd, dy, zd, dz, n, k, s.threads());
    KnnSupport.requireNonZero(c.eps(), k, "the joint sample (" + x.name() + ", " + y.name() + ", " + z.name() + ")");
    double cmi = fromCounts(c, n, k);
    Estimate.Builder b = Estimate.builder("cmi").estimator("frenzel-pompe").value(cmi)
        .backend(backend.kind().label()).n(n).dims(dx, dy, dz).extra("k", k);
    if (s.permutations() > 0) {
      int m = Math.min(options.shuffleNeighbours(), n);
      int[][] zNeighbours = nearestInZ(zd, n, dz, m);
      SplittableRandom rng = Estimation.stream(s.seed(), 1);
      // permutations drawn in order, evaluated side by side (not on cuda): the same p-value at any thread count
      int workers = backend.kind() != BackendKind.CUDA ? Parallel.resolveThreads(s.threads()) : 1;
      Estimation.permutationTest(b, cmi, s.permutations(), rng, workers, s.threads(),
          r -> restrictedPermutation(zNeighbours, n, r), (perm, threads) -> {
            double[] xPerm = p[0].selectRows(perm).toRowMajor();
            return fromCounts(backend.cmiCounts(xPerm, dx, yd, dy, zd, dz, n, k, threads), n, k);
          });
      b.extra("shuffle_neighbours", m);
    }
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  static double fromCounts(Backend.CmiCounts c, int n, int k) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += SpecialFunctions.digamma(c.nxz()[i] + 1.0) + SpecialFunctions.digamma(c.nyz()[i] + 1.0)
          - SpecialFunctions.digamma(c.nz()[i] + 1.0);
    }
    return SpecialFunctions.digamma(k) - sum / n;
  }

  /** tigramite CMIknn restricted permutation over shuffled Z-neighbour lists */
  static int[] restrictedPermutation(int[][] neighbours, int n, SplittableRandom rng) {
    int m = neighbours[0].length;
    int[][] shuffled = new int[n][];
    for (int i = 0; i < n; i++) {
      int[] row = neighbours[i].clone();
      for (int a = m - 1; a > 0; a--) {
        int bIdx = rng.nextInt(a + 1);
        int t = row[a];
        row[a] = row[bIdx];
        row[bIdx] = t;
      }
      shuffled[i] = row;
    }
    int[] order = Estimation.permutation(n, rng);
    boolean[] used = new boolean[n];
    int[] perm = new int[n];
    for (int i : order) {
      int j = 0;
      int use = shuffled[i][0];
      while (used[use] && j < m - 1) {
        j++;
        use = shuffled[i][j];
      }
      perm[i] = use;
      used[use] = true;
    }
    return perm;
  }

  /**
   * The m nearest points in z (max norm, the point itself included), exactly, by a sweep over
   * the points sorted on the first coordinate: the candidates of point i lie within its current
   * m-th distance along that coordinate.
   */
  static int[][] nearestInZ(double[] z, int n, int dz, int m) {
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Double.compare(z[a * dz], z[b * dz]));
    int[] order = new int[n];
    int[] rank = new int[n];
    for (int r = 0; r < n; r++) {
      order[r] = boxed[r];
      rank[boxed[r]] = r;
    }
    int[][] out = new int[n][];
    double[] bestD = new double[m];
    int[] bestI = new int[m];
    for (int i = 0; i < n; i++) {
      int filled = 0;
      int r = rank[i];
      int lo = r;
      int hi = r + 1;
      while (true) {
        double worst = filled < m ? Double.POSITIVE_INFINITY : bestD[m - 1];
        double dLo = lo >= 0 ? Math.abs(z[order[lo] * dz] - z[i * dz]) : Double.POSITIVE_INFINITY;
        double dHi = hi < n ? Math.abs(z[order[hi] * dz] - z[i * dz]) : Double.POSITIVE_INFINITY;
        if (Math.min(dLo, dHi) > worst || (lo < 0 && hi >= n)) {
          break;
        }
        int j;
        if (dLo <= dHi) {
          j = order[lo--];
        } else {
          j = order[hi++];
        }
        double dist = 0;
        for (int c = 0; c < dz; c++) {
          dist = Math.max(dist, Math.abs(z[i * dz + c] - z[j * dz + c]));
        }
        if (filled < m || dist < bestD[m - 1] || (dist == bestD[m - 1] && j < bestI[m - 1])) {
          int pos = Math.min(filled, m - 1);
          while (pos > 0 && (bestD[pos - 1] > dist || (bestD[pos - 1] == dist && bestI[pos - 1] > j))) {
            bestD[pos] = bestD[pos - 1];
            bestI[pos] = bestI[pos - 1];
            pos--;
          }
          bestD[pos] = dist;
          bestI[pos] = j;
          if (filled < m) {
            filled++;
          }
        }
      }
      out[i] = Arrays.copyOf(bestI, m);
    }
    return out;
  }
}
