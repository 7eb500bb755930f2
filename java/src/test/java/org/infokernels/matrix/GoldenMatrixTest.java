package org.infokernels.matrix;

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
import org.infokernels.io.Inputs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every matrix-entropy golden case (von-neumann, truncated-entropy, dse, dsmi) through the api on
 * every usable backend: 1e-9 relative (the cases' rtol); dsmi, whose random subsets are not the
 * oracle's, within the case's absolute tolerance, and its deterministic conditional part to 1e-9.
 */
class GoldenMatrixTest {
  static final String[] COMMANDS = {"von-neumann", "truncated-entropy", "dse", "dsmi"};

  static Estimate run(Golden.Case c, BackendKind backend) {
    Map<String, String> o = c.options();
    RunSettings s = RunSettings.defaults().withBackend(backend).withSeed(Long.parseLong(o.getOrDefault("--seed", "0")));
    switch (c.command()) {
      case "von-neumann": {
        VonNeumannKind kind = VonNeumannKind.valueOf(o.getOrDefault("--kind", "cov").toUpperCase(java.util.Locale.ROOT));
        Bandwidth sigma = Bandwidth.parse(o.getOrDefault("--sigma", "median"));
        return new VonNeumannEntropy(VonNeumannOptions.defaults().withKind(kind).withSigma(sigma).withSettings(s))
            .estimate(c.input("x"));
      }
      case "truncated-entropy":
        return new TruncatedMatrixEntropy(new TruncatedEntropyOptions(Integer.parseInt(o.get("--rank")), s))
            .estimate(c.input("x"));
      case "dse":
        return new DiffusionSpectralEntropy(DseOptions.defaults().withSigma(Bandwidth.parse(o.getOrDefault("--sigma", "10")))
            .withT(Integer.parseInt(o.getOrDefault("--t", "1"))).withSettings(s)).estimate(c.input("x"));
      case "dsmi": {
        int[] labels = Inputs.loadLabels(Golden.dir().resolve(o.get("--labels")));
        return new DiffusionSpectralMutualInformation(DsmiOptions.defaults()
            .withSigma(Bandwidth.parse(o.getOrDefault("--sigma", "10"))).withT(Integer.parseInt(o.getOrDefault("--t", "1")))
            .withRepeats(Integer.parseInt(o.getOrDefault("--repeats", "5"))).withSettings(s)).estimate(c.input("x"), labels);
      }
      default:
        throw new IllegalArgumentException(c.command());
    }
  }

  @TestFactory
  List<DynamicTest> everyMatrixCaseOnEveryBackend() {
    List<Golden.Case> cases = Golden.casesFor(COMMANDS);
    assertTrue(cases.size() >= 12, "expected the matrix-entropy golden cases, found " + cases.size());
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      for (Golden.Case c : cases) {
        tests.add(DynamicTest.dynamicTest(c.id() + " [" + b.kind().label() + "]", () -> {
          Estimate e = run(c, b.kind());
          String ctx = c.id() + " on " + b.kind().label() + ": " + String.join(" ", c.cmd());
          double got = e.in(Unit.ofBase(c.options().getOrDefault("--base", "e")));
          assertEquals(b.kind().label(), e.backend(), ctx);
          JsonObject extra = c.raw().getAsJsonObject("extra");
          if (c.stochastic()) {
            assertEquals(c.value(), got, c.tolerance(), ctx);
            double cond = extra.get("conditional_part").getAsDouble();
            assertEquals(cond, (Double) e.extras().get("conditional_part"), 1e-9 * Math.abs(cond), ctx + " conditional_part");
          } else {
            assertEquals(c.value(), got, c.rtol() * Math.abs(c.value()), ctx);
          }
          if (extra != null && extra.has("sigma_x")) {
            assertEquals(extra.get("sigma_x").getAsDouble(), (Double) e.extras().get("sigma_x"), 1e-12, ctx + " sigma_x");
          }
        }));
      }
    }
    return tests;
  }
}
