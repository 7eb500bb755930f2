package org.example.downstream;

import java.util.Random;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.Unit;
import org.infokernels.kernel.Cka;
import org.infokernels.kernel.CkaOptions;
import org.infokernels.kernel.Hsic;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;

/**
 * Calls one estimator of each family through the public API and checks the backend that ran:
 * "native" expects cpu or cuda (the natives in the published jar must load), "java" expects the
 * pure-Java fallback (run with -Dinfokernels.native.disable=true). Exits 1 on any surprise.
 */
public final class Main {
  public static void main(String[] args) {
    String expect = args.length > 0 ? args[0] : "native";
    Random r = new Random(1);
    int n = 500;
    double[][] x = new double[n][2];
    double[][] y = new double[n][2];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 2; c++) {
        x[i][c] = r.nextGaussian();
        y[i][c] = 0.8 * x[i][c] + 0.6 * r.nextGaussian();
      }
    }
    Matrix mx = Matrix.of("x", x);
    Matrix my = Matrix.of("y", y);
    Estimate[] results = {
        new KsgMutualInformation(KsgOptions.defaults()).estimate(mx, my),
        new Hsic(HsicOptions.defaults()).estimate(mx, my),
        new Cka(CkaOptions.defaults().withKernel(org.infokernels.kernel.KernelType.RBF)).estimate(mx, my),
    };
    int failures = 0;
    for (Estimate e : results) {
      boolean nativeRan = e.backend().equals("cpu") || e.backend().equals("cuda");
      boolean ok = Double.isFinite(e.value()) && (expect.equals("java") ? e.backend().equals("java") : nativeRan);
      System.out.printf("downstream: %-6s %s = %.6f (%s) backend %s %s%n", expect, e.measure(), e.in(Unit.NATS),
          e.dimensionless() ? "dimensionless" : "nats", e.backend(), ok ? "OK" : "UNEXPECTED");
      if (!ok) {
        failures++;
      }
    }
    // I(X;Y) for rho = 0.8 in two independent coordinates is -ln(1 - 0.64) = 1.0217 nats
    if (Math.abs(results[0].value() - 1.0217) > 0.15) {
      System.out.println("downstream: KSG estimate far from the truth 1.0217: " + results[0].value());
      failures++;
    }
    if (failures > 0) {
      System.exit(1);
    }
  }
}
