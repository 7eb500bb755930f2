package org.infokernels.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infokernels.Golden;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.core.Unit;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every kernel-family golden case (hsic, cka, renyi-entropy, renyi-mi, cs-qmi) on every usable backend, 1e-9 relative. */
class GoldenKernelTest {
  static final String[] COMMANDS = {"hsic", "cka", "renyi-entropy", "renyi-mi", "cs-qmi"};

  static Bandwidth sigma(Map<String, String> o, String key) {
    String v = o.get(key);
    return v == null ? null : Bandwidth.parse(v);
  }

  static Estimate run(Golden.Case c, BackendKind backend) {
    Map<String, String> o = c.options();
    RunSettings s = RunSettings.defaults().withBackend(backend);
    Bandwidth sx = o.containsKey("--sigma") ? sigma(o, "--sigma") : Bandwidth.median();
    Bandwidth sy = sigma(o, "--sigma-y");
    switch (c.command()) {
      case "hsic": {
        KernelType k = "linear".equals(o.get("--kernel")) ? KernelType.LINEAR : KernelType.RBF;
        boolean unbiased = "unbiased".equals(o.get("--estimator"));
        return new Hsic(new HsicOptions(k, unbiased, sx, sy, s)).estimate(c.input("x"), c.input("y"));
      }
      case "cka": {
        KernelType k = "rbf".equals(o.get("--kernel")) ? KernelType.RBF : KernelType.LINEAR;
        return new Cka(new CkaOptions(k, o.containsKey("--debiased"), sx, sy, s)).estimate(c.input("x"), c.input("y"));
      }
      case "renyi-entropy":
        return new RenyiEntropy(RenyiOptions.defaults().withAlpha(Double.parseDouble(o.getOrDefault("--alpha", "1.01")))
            .withSigma(sx).withSettings(s)).estimate(c.input("x"));
      case "renyi-mi":
        return new RenyiMutualInformation(RenyiOptions.defaults()
            .withAlpha(Double.parseDouble(o.getOrDefault("--alpha", "1.01"))).withSigma(sx).withSigmaY(sy)
            .withSettings(s)).estimate(c.input("x"), c.input("y"));
      case "cs-qmi":
        return new CauchySchwarzQmi(new CsQmiOptions(sx, sy, s)).estimate(c.input("x"), c.input("y"));
      default:
        throw new IllegalArgumentException(c.command());
    }
  }

  @TestFactory
  List<DynamicTest> everyKernelCaseOnEveryBackend() {
    List<Golden.Case> cases = Golden.casesFor(COMMANDS);
    assertTrue(cases.size() >= 15, "expected the kernel golden cases, found " + cases.size());
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      for (Golden.Case c : cases) {
        tests.add(DynamicTest.dynamicTest(c.id() + " [" + b.kind().label() + "]", () -> {
          Estimate e = run(c, b.kind());
          double got = e.in(Unit.ofBase(c.options().getOrDefault("--base", "e")));
          assertEquals(c.value(), got, c.rtol() * Math.abs(c.value()),
              c.id() + " on " + b.kind().label() + ": " + String.join(" ", c.cmd()));
          JsonObject extra = c.raw().getAsJsonObject("extra");
          if (extra != null && extra.has("sigma_x")) {
            assertEquals(extra.get("sigma_x").getAsDouble(), (Double) e.extras().get("sigma_x"), 1e-12,
                c.id() + " sigma_x");
          }
          if (extra != null && extra.has("sigma_y") && e.extras().containsKey("sigma_y")) {
            assertEquals(extra.get("sigma_y").getAsDouble(), (Double) e.extras().get("sigma_y"), 1e-12,
                c.id() + " sigma_y");
          }
        }));
      }
    }
    return tests;
  }
}
