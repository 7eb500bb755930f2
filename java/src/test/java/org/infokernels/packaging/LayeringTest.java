package org.infokernels.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layout is a stack of layers (README, "Layout"): every reference from one package of
 * the library to another goes down the stack, never up and never sideways, so no package cycle can
 * form. Read off the sources: imports and fully qualified names in code.
 *
 * <pre>
 *   cli                         the command line: Main
 *   cli.knn, cli.kernel, ...    one command class per measure, next to its family's options mixin
 *   cli.common                  what every command shares (options, input files, output)
 *   io                          .npy and text readers
 *   pairwise                    the many-estimates workloads (use the families)
 *   uncertainty                 resampling intervals (jackknife, bootstrap) around any estimator
 *   knn, kernel, matrix, ot,
 *   timeseries, testing         the public estimator families (independent of each other)
 *   internal.support            estimator plumbing built on the backends (bandwidths, SLQ)
 *   internal.backend            backend dispatch: java, cpu (JNI), cuda
 *   internal.knn, .kernel,
 *   .matrix, .ot                the pure-Java twins of the native kernels
 *   internal, internal.math     seeded streams, ranges, special functions
 *   core                        Matrix, Estimate, RunSettings, ... (depends on nothing of ours)
 * </pre>
 */
class LayeringTest {
  static final Map<String, Integer> RANK = Map.ofEntries(
      Map.entry("core", 0),
      Map.entry("internal", 1), Map.entry("internal.math", 1),
      Map.entry("internal.knn", 2), Map.entry("internal.kernel", 2), Map.entry("internal.matrix", 2),
      Map.entry("internal.ot", 2), Map.entry("internal.timeseries", 2), Map.entry("internal.testing", 2),
      Map.entry("internal.backend", 3),
      Map.entry("internal.support", 4),
      Map.entry("knn", 5), Map.entry("kernel", 5), Map.entry("matrix", 5), Map.entry("ot", 5),
      Map.entry("timeseries", 5), Map.entry("testing", 5),
      Map.entry("uncertainty", 6), Map.entry("pairwise", 6),
      Map.entry("io", 7),
      Map.entry("cli.common", 8), Map.entry("cli.spi", 8),
      Map.entry("cli.knn", 9), Map.entry("cli.kernel", 9), Map.entry("cli.matrix", 9), Map.entry("cli.ot", 9),
      Map.entry("cli.timeseries", 9), Map.entry("cli.testing", 9), Map.entry("cli.pairwise", 9),
      Map.entry("cli", 10));

  static final Pattern REF = Pattern.compile("\\borg\\.infokernels\\.((?:[a-z]+\\.)*[a-z]+)\\.[A-Z]");

  static Path sources() {
    Path p = Paths.get(System.getProperty("infokernels.testResources", "src/test/resources"))
        .resolve("../../main/java/org/infokernels").normalize();
    return Files.isDirectory(p) ? p : Paths.get("src/main/java/org/infokernels");
  }

  @Test
  void everyReferenceGoesDownTheStack() throws IOException {
    Path root = sources();
    List<String> violations = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
        seen.add(pkg);
        Integer from = RANK.get(pkg);
        assertTrue(from != null, "package org.infokernels." + pkg + " has no layer in LayeringTest.RANK (" + f + ")");
        String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ")
            .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        Matcher m = REF.matcher(code);
        while (m.find()) {
          String to = m.group(1);
          if (to.equals(pkg) || to.equals("bindings.global")) {
            continue;
          }
          Integer rank = RANK.get(to);
          if (rank == null || rank >= from) {
            violations.add(pkg + " -> " + to + " (" + root.relativize(f) + ")");
          }
        }
      }
    }
    assertTrue(seen.contains("core") && seen.contains("cli"), "sources not found under " + root);
    assertTrue(violations.isEmpty(), "references that do not go down the stack:\n  "
        + String.join("\n  ", new TreeSet<>(violations)));
  }
}
