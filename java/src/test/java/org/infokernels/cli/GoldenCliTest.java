package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infokernels.Golden;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case, driven through the command line exactly as written in golden.json (plus
 * --format json and --backend), on every usable backend; a case whose command the CLI lacks fails.
 */
class GoldenCliTest {
  static final Set<String> PATH_OPTIONS = Set.of("--x", "--y", "--z", "--labels", "--permutation", "--a", "--b",
      "--source", "--target", "--conditional");

  @TestFactory
  List<DynamicTest> everyImplementedGoldenCommandLine() {
    Set<String> implemented = Main.commandLine().getSubcommands().keySet();
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      for (Golden.Case c : Golden.cases()) {
        if (!implemented.contains(c.command())) {
          // a golden case whose command the CLI lacks is a failure, never a silent skip
          tests.add(DynamicTest.dynamicTest(c.id() + " [" + b.kind().label() + "]", () -> org.junit.jupiter.api.Assertions
              .fail("golden case " + c.id() + " uses the command '" + c.command() + "', which the CLI lacks")));
          continue;
        }
        tests.add(DynamicTest.dynamicTest(c.id() + " [" + b.kind().label() + "]", () -> {
          List<String> args = new ArrayList<>();
          for (int i = 0; i < c.cmd().size(); i++) {
            String a = c.cmd().get(i);
            args.add(i > 0 && PATH_OPTIONS.contains(c.cmd().get(i - 1)) ? Golden.dir().resolve(a).toString() : a);
          }
          args.add("--format");
          args.add("json");
          args.add("--backend");
          args.add(b.kind().label());
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          int code = Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
          String stdout = out.toString(StandardCharsets.UTF_8).trim();
          assertEquals(0, code, c.id() + ": " + err.toString(StandardCharsets.UTF_8));
          assertTrue(!stdout.contains("\n"), "one line of JSON: " + stdout);
          JsonObject o = JsonParser.parseString(stdout).getAsJsonObject();
          assertEquals(c.command(), o.get("measure").getAsString());
          // linear biased CKA runs in feature space, O(n d^2) Java arithmetic, whatever the backend
          String expected = o.has("method") && o.get("method").getAsString().equals("feature-space") ? "java"
              : b.kind().label();
          assertEquals(expected, o.get("backend").getAsString());
          // stochastic cases (dsmi: random subsets not drawn from the oracle's stream) carry an absolute tolerance
          double tol = c.stochastic() && c.tolerance() != null ? c.tolerance()
              : (c.rtol() != null ? c.rtol() : 1e-9) * Math.abs(c.value());
          assertEquals(c.value(), o.get("value").getAsDouble(), tol, c.id() + " via the CLI on " + b.kind().label());
        }));
      }
    }
    return tests;
  }
}
