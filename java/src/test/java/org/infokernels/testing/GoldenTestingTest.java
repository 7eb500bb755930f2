package org.infokernels.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case of dcor, energy-distance and mmd on every usable backend through the API, to
 * the case's tolerance (1e-9 relative; the exact 1-D case at n = 10⁵ included). The 10⁵ case also
 * runs the tiled route on the native backends (the java twin would take minutes there; the
 * O(n log n) route, which auto picks for 1-D data, covers java).
 */
class GoldenTestingTest {
  static Estimate run(TestingGolden.Case c, BackendKind backend, DcorAlgorithm forced) {
    Map<String, String> o = c.options();
    RunSettings s = RunSettings.defaults().withBackend(backend);
    switch (c.command()) {
      case "dcor": {
        DcorAlgorithm a = forced != null ? forced
            : "tiled".equals(o.get("--algorithm")) ? DcorAlgorithm.TILED : DcorAlgorithm.AUTO;
        DcorOptions opt = DcorOptions.defaults().withUnbiased("unbiased".equals(o.get("--estimator")))
            .withAlgorithm(a).withSettings(s);
        return new DistanceCorrelation(opt).estimate(c.input("x"), c.input("y"));
      }
      case "energy-distance":
        return new EnergyDistance(EnergyDistanceOptions.defaults().withSettings(s)).estimate(c.input("x"), c.input("y"));
      case "mmd": {
        Bandwidth sigma = o.containsKey("--sigma") ? Bandwidth.parse(o.get("--sigma")) : Bandwidth.median();
        return new Mmd(MmdOptions.defaults().withSigma(sigma).withSettings(s)).estimate(c.input("x"), c.input("y"));
      }
      default:
        throw new IllegalArgumentException(c.command());
    }
  }

  @TestFactory
  List<DynamicTest> everyTestingCaseOnEveryBackend() {
    List<TestingGolden.Case> cases = TestingGolden.cases();
    assertTrue(cases.size() >= 19, "expected the testing golden cases, found " + cases.size());
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      String label = b.kind().label();
      for (TestingGolden.Case c : cases) {
        tests.add(DynamicTest.dynamicTest(c.id() + " [" + label + "]", () -> {
          Estimate e = run(c, b.kind(), null);
          assertEquals(c.value(), e.value(), c.tol(), c.id() + " on " + label + ": " + String.join(" ", c.cmd()));
          assertEquals(label, e.backend());
          if (c.raw().has("extra")) {
            assertEquals(c.raw().getAsJsonObject("extra").get("sigma").getAsDouble(), (Double) e.extras().get("sigma"),
                1e-12, c.id() + " sigma");
          }
        }));
        if (c.large() && b.kind() != BackendKind.JAVA && c.id().endsWith("unbiased")) {
          tests.add(DynamicTest.dynamicTest(c.id() + " tiled [" + label + "]", () -> {
            Estimate e = run(c, b.kind(), DcorAlgorithm.TILED);
            assertEquals("tiled", e.extras().get("algorithm"));
            assertEquals(c.value(), e.value(), c.tol(), c.id() + " tiled on " + label);
          }));
        }
      }
    }
    return tests;
  }
}
