package org.infokernels.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infokernels.Golden;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;
import org.infokernels.core.Unit;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every k-NN golden case of the float64 oracle, on every backend usable here, to the case's rtol (1e-9). */
class GoldenKnnTest {

  static Estimate run(Golden.Case c, BackendKind backend) {
    Map<String, String> o = c.options();
    RunSettings s = RunSettings.defaults().withBackend(backend);
    int k = Integer.parseInt(o.getOrDefault("--k", "3"));
    Norm norm = "max".equals(o.get("--norm")) ? Norm.MAX : Norm.EUCLIDEAN;
    switch (c.command()) {
      case "entropy":
        return new KozachenkoLeonenkoEntropy(new EntropyOptions(k, norm, s)).estimate(c.input("x"));
      case "mi":
        KsgAlgorithm alg = "ksg2".equals(o.get("--estimator")) ? KsgAlgorithm.TWO : KsgAlgorithm.ONE;
        return new KsgMutualInformation(new KsgOptions(k, alg, s)).estimate(c.input("x"), c.input("y"));
      case "cmi":
        return new ConditionalMutualInformation(CmiOptions.defaults().withK(k).withSettings(s))
            .estimate(c.input("x"), c.input("y"), c.input("z"));
      case "kl-divergence":
        return new KnnKlDivergence(new KlDivergenceOptions(k, norm, s)).estimate(c.input("x"), c.input("y"));
      default:
        throw new IllegalArgumentException(c.command());
    }
  }

  static Unit unit(Golden.Case c) {
    return Unit.ofBase(c.options().getOrDefault("--base", "e"));
  }

  @Test
  void goldenFileHasEveryKnnCommand() {
    List<Golden.Case> cases = Golden.casesFor("entropy", "mi", "cmi", "kl-divergence");
    assertTrue(cases.size() >= 20, "expected the k-NN golden cases, found " + cases.size());
    for (String cmd : new String[] {"entropy", "mi", "cmi", "kl-divergence"}) {
      assertFalse(Golden.casesFor(cmd).isEmpty(), "no golden case for " + cmd);
    }
  }

  @TestFactory
  List<DynamicTest> everyKnnCaseOnEveryBackend() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      for (Golden.Case c : Golden.casesFor("entropy", "mi", "cmi", "kl-divergence")) {
        tests.add(DynamicTest.dynamicTest(c.id() + " [" + b.kind().label() + "]", () -> {
          Estimate e = run(c, b.kind());
          double got = e.in(unit(c));
          double tol = c.rtol() * Math.abs(c.value());
          assertEquals(c.value(), got, tol, c.id() + " on " + b.kind().label() + ": " + String.join(" ", c.cmd()));
          assertEquals(b.kind().label(), e.backend());
        }));
      }
    }
    return tests;
  }
}
