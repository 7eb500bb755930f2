package org.infokernels.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infokernels.Golden;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.io.Inputs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimal-transport golden case (sinkhorn, sinkhorn-divergence, wasserstein-dependency) through
 * the api on every usable backend: the value to the case's rtol, and from {@code extra} the
 * regularized value, the iteration count (POT's niter + 1, exactly), converged, the marginal error
 * and ε, the divergence terms and the three problems' iteration counts.
 */
class GoldenOtTest {
  static final String[] COMMANDS = {"sinkhorn", "sinkhorn-divergence", "wasserstein-dependency"};

  static Estimate run(Golden.Case c, BackendKind backend) {
    Map<String, String> o = c.options();
    RunSettings s = RunSettings.defaults().withBackend(backend);
    Double eps = o.containsKey("--epsilon") ? Double.valueOf(o.get("--epsilon")) : null;
    double tol = Double.parseDouble(o.getOrDefault("--tol", "1e-9"));
    switch (c.command()) {
      case "sinkhorn":
        return new Sinkhorn(new SinkhornOptions(eps, Integer.parseInt(o.getOrDefault("--max-iter", "1000")), tol, 0.0,
            s)).estimate(c.input("x"), c.input("y"));
      case "sinkhorn-divergence":
        return new SinkhornDivergence(new SinkhornDivergenceOptions(eps,
            SinkhornVariant.parse(o.getOrDefault("--variant", "feydy")),
            Integer.parseInt(o.getOrDefault("--max-iter", "10000")), tol, 0.0, s)).estimate(c.input("x"), c.input("y"));
      case "wasserstein-dependency": {
        int[] pi = Inputs.loadLabels(Golden.dir().resolve(o.get("--permutation")));
        return new WassersteinDependency(new WassersteinDependencyOptions(eps, pi,
            Integer.parseInt(o.getOrDefault("--max-iter", "10000")), tol, 0.0, s)).estimate(c.input("x"), c.input("y"));
      }
      default:
        throw new IllegalArgumentException(c.command());
    }
  }

  @TestFactory
  List<DynamicTest> everyOtCaseOnEveryBackend() {
    List<Golden.Case> cases = Golden.casesFor(COMMANDS);
    assertTrue(cases.size() >= 9, "expected the optimal-transport golden cases, found " + cases.size());
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      for (Golden.Case c : cases) {
        tests.add(DynamicTest.dynamicTest(c.id() + " [" + b.kind().label() + "]", () -> check(c, b)));
      }
    }
    return tests;
  }

  static void check(Golden.Case c, Backend b) {
    Estimate e = run(c, b.kind());
    String where = c.id() + " on " + b.kind().label() + ": " + String.join(" ", c.cmd());
    double rtol = c.rtol();
    assertEquals(c.value(), e.value(), rtol * Math.abs(c.value()), where);
    assertTrue(e.dimensionless(), where + ": a squared distance, not information");
    JsonObject extra = c.raw().getAsJsonObject("extra");
    Map<String, Object> got = e.extras();
    assertEquals(extra.get("epsilon").getAsDouble(), (Double) got.get("epsilon"),
        1e-12 * extra.get("epsilon").getAsDouble(), where + " epsilon");
    if (c.command().equals("sinkhorn")) {
      double reg = extra.get("regularized").getAsDouble();
      assertEquals(reg, (Double) got.get("regularized"), rtol * Math.abs(reg), where + " regularized");
      assertEquals(extra.get("iterations").getAsInt(), (Integer) got.get("iterations"), where + " iterations");
      assertEquals(extra.get("converged").getAsBoolean(), got.get("converged"), where + " converged");
      // ‖Pᵀ1 − b‖ is a difference of sums equal to ~1e-16 relative: 1e-4 of itself is far above rounding
      double merr = extra.get("marginal_error").getAsDouble();
      assertEquals(merr, (Double) got.get("marginal_error"), 1e-4 * merr, where + " marginal_error");
    }
    if (extra.has("terms")) {
      @SuppressWarnings("unchecked")
      Map<String, Double> terms = (Map<String, Double>) got.get("terms");
      JsonObject want = extra.getAsJsonObject("terms");
      for (String t : new String[] {"xy", "xx", "yy"}) {
        double w = want.get(t).getAsDouble();
        assertEquals(w, terms.get(t), rtol * Math.abs(w), where + " term " + t);
      }
      JsonArray niter = extra.getAsJsonArray("niter");
      @SuppressWarnings("unchecked")
      List<Integer> its = (List<Integer>) got.get("iterations");
      for (int t = 0; t < 3; t++) {
        assertEquals(niter.get(t).getAsInt() + 1, its.get(t), where + " iterations of term " + t);
      }
    }
  }
}
