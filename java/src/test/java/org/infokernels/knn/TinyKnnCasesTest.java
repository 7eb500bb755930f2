package org.infokernels.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.infokernels.Golden;
import org.infokernels.core.Matrix;
import org.infokernels.core.Norm;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hand-checkable golden cases (6-8 points) carry the oracle's per-point radii and neighbour
 * counts. Every backend must reproduce them exactly: counts are integers and the radii are
 * distances between points on a 0.25 grid, exact in binary.
 */
class TinyKnnCasesTest {

  static double[] doubles(JsonArray a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsDouble();
    }
    return v;
  }

  static long[] longs(JsonArray a) {
    long[] v = new long[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsLong();
    }
    return v;
  }

  @TestFactory
  List<DynamicTest> countsAndRadiiMatchTheOracle() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      for (Golden.Case c : Golden.casesFor("entropy", "mi", "cmi", "kl-divergence")) {
        if (!c.id().startsWith("tiny_")) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(c.id() + " [" + b.kind().label() + "]", () -> check(c, b)));
      }
    }
    return tests;
  }

  private static void check(Golden.Case c, Backend b) {
    JsonObject dbg = c.raw().getAsJsonObject("debug");
    int k = Integer.parseInt(c.options().getOrDefault("--k", "3"));
    Norm norm = "max".equals(c.options().get("--norm")) ? Norm.MAX : Norm.EUCLIDEAN;
    String where = c.id() + " on " + b.kind().label();
    switch (c.command()) {
      case "entropy": {
        Matrix x = c.input("x");
        double[] d = x.toRowMajor();
        double[] rho = b.knnDistance(d, x.rows(), d, x.rows(), x.cols(), k, norm, true, 1);
        assertArrayEquals(doubles(dbg.getAsJsonArray("rho_k")), rho, 1e-15, where);
        break;
      }
      case "kl-divergence": {
        Matrix x = c.input("x");
        Matrix y = c.input("y");
        double[] xd = x.toRowMajor();
        double[] yd = y.toRowMajor();
        assertArrayEquals(doubles(dbg.getAsJsonArray("rho_k")),
            b.knnDistance(xd, x.rows(), xd, x.rows(), x.cols(), k, norm, true, 1), 1e-15, where);
        assertArrayEquals(doubles(dbg.getAsJsonArray("nu_k")),
            b.knnDistance(yd, y.rows(), xd, x.rows(), x.cols(), k, norm, false, 1), 1e-15, where);
        break;
      }
      case "mi": {
        Matrix x = c.input("x");
        Matrix y = c.input("y");
        int alg = "ksg2".equals(c.options().get("--estimator")) ? 2 : 1;
        Backend.KsgCounts r = b.ksgCounts(x.toRowMajor(), x.cols(), y.toRowMajor(), y.cols(), x.rows(), k, alg, 1);
        assertArrayEquals(longs(dbg.getAsJsonArray("n_x")), r.nx(), where + " n_x");
        assertArrayEquals(longs(dbg.getAsJsonArray("n_y")), r.ny(), where + " n_y");
        if (alg == 1) {
          assertArrayEquals(doubles(dbg.getAsJsonArray("eps_half")), r.eps(), 0.0, where + " eps");
        }
        break;
      }
      case "cmi": {
        Matrix x = c.input("x");
        Matrix y = c.input("y");
        Matrix z = c.input("z");
        Backend.CmiCounts r = b.cmiCounts(x.toRowMajor(), x.cols(), y.toRowMajor(), y.cols(), z.toRowMajor(),
            z.cols(), x.rows(), k, 1);
        assertArrayEquals(doubles(dbg.getAsJsonArray("eps_half")), r.eps(), 0.0, where + " eps");
        assertArrayEquals(longs(dbg.getAsJsonArray("n_xz")), r.nxz(), where + " n_xz");
        assertArrayEquals(longs(dbg.getAsJsonArray("n_yz")), r.nyz(), where + " n_yz");
        assertArrayEquals(longs(dbg.getAsJsonArray("n_z")), r.nz(), where + " n_z");
        break;
      }
      default:
        throw new IllegalStateException(c.command());
    }
    assertEquals(c.value(), GoldenKnnTest.run(c, b.kind()).value(), 1e-12 * Math.abs(c.value()), where + " value");
  }
}
