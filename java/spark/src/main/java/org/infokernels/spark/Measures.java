package org.infokernels.spark;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.CauchySchwarzQmi;
import org.infokernels.kernel.Cka;
import org.infokernels.kernel.CkaOptions;
import org.infokernels.kernel.CsQmiOptions;
import org.infokernels.kernel.Hsic;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.kernel.KernelType;
import org.infokernels.kernel.RenyiEntropy;
import org.infokernels.kernel.RenyiMutualInformation;
import org.infokernels.kernel.RenyiOptions;
import org.infokernels.knn.CmiOptions;
import org.infokernels.knn.ConditionalMutualInformation;
import org.infokernels.knn.EntropyOptions;
import org.infokernels.knn.KozachenkoLeonenkoEntropy;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;

/**
 * The single-estimate measures a grouped job runs, by the CLI's command names, built on an executor from the
 * measure's name and its parameters (strings, by the CLI's option names), so that nothing but strings and
 * numbers travels with a task.
 */
final class Measures {
  private Measures() {}

  /** one estimate of a measure on the rows of one group; y and z are null where the measure takes fewer inputs */
  interface Estimator {
    Estimate estimate(Matrix x, Matrix y, Matrix z);
  }

  /** the measures of grouped jobs, with the inputs each takes (1: X; 2: X, Y; 3: X, Y, Z) */
  static final Map<String, Integer> ARITY = Map.of("entropy", 1, "renyi-entropy", 1, "mi", 2, "cmi", 3, "hsic", 2,
      "cka", 2, "cs-qmi", 2, "renyi-mi", 2);

  private static final Map<String, Set<String>> PARAMS = Map.of(
      "entropy", Set.of("k", "norm"),
      "renyi-entropy", Set.of("alpha", "sigma"),
      "mi", Set.of("k", "algorithm"),
      "cmi", Set.of("k"),
      "hsic", Set.of("kernel", "sigma", "sigma-y", "estimator"),
      "cka", Set.of("kernel", "sigma", "sigma-y", "debiased"),
      "cs-qmi", Set.of("sigma", "sigma-y"),
      "renyi-mi", Set.of("alpha", "sigma", "sigma-y"));

  /** the number of inputs of {@code measure}; InvalidInputException for a measure grouped jobs do not run */
  static int arity(String measure) {
    Integer a = ARITY.get(measure);
    if (a == null) {
      throw new InvalidInputException("measure = " + measure + " is not one of " + String.join(", ",
          List.copyOf(new java.util.TreeSet<>(ARITY.keySet()))));
    }
    return a;
  }

  /** checks the measure and its parameters on the driver, before any task starts */
  static void check(String measure, Map<String, String> params) {
    arity(measure);
    Set<String> unknown = new HashSet<>(params.keySet());
    unknown.removeAll(PARAMS.get(measure));
    if (!unknown.isEmpty()) {
      throw new InvalidInputException("parameter(s) " + new java.util.TreeSet<>(unknown) + " are not parameters of "
          + measure + " (it takes " + new java.util.TreeSet<>(PARAMS.get(measure)) + ")");
    }
    of(measure, params, RunSettings.defaults());  // parses every value
  }

  /**
   * A relative cost of one estimate on {@code n} rows of {@code dims} columns, for balancing tasks: n² for the
   * kernel and matrix measures (Gram matrices), n·log₂n·dims for the k-NN ones (search structures).
   */
  static double cost(String measure, long n, int dims) {
    double m = Math.max(n, 2);
    switch (measure) {
      case "entropy":
      case "mi":
      case "cmi":
        return m * (Math.log(m) / Math.log(2)) * Math.max(dims, 1);
      default:
        return m * m;
    }
  }

  static Estimator of(String measure, Map<String, String> p, RunSettings s) {
    switch (measure) {
      case "entropy": {
        EntropyOptions o = EntropyOptions.defaults().withSettings(s);
        if (p.containsKey("k")) {
          o = o.withK(integer(p, "k"));
        }
        if (p.containsKey("norm")) {
          String v = p.get("norm");
          o = o.withNorm(switch (v) {
            case "euclidean" -> Norm.EUCLIDEAN;
            case "max" -> Norm.MAX;
            default -> throw new InvalidInputException("norm = " + v + " is not one of euclidean, max");
          });
        }
        KozachenkoLeonenkoEntropy e = new KozachenkoLeonenkoEntropy(o);
        return (x, y, z) -> e.estimate(x);
      }
      case "renyi-entropy": {
        RenyiEntropy e = new RenyiEntropy(renyi(p, s));
        return (x, y, z) -> e.estimate(x);
      }
      case "mi": {
        KsgOptions o = ksg(p, s);
        KsgMutualInformation e = new KsgMutualInformation(o);
        return (x, y, z) -> e.estimate(x, y);
      }
      case "cmi": {
        CmiOptions o = CmiOptions.defaults().withSettings(s);
        if (p.containsKey("k")) {
          o = o.withK(integer(p, "k"));
        }
        ConditionalMutualInformation e = new ConditionalMutualInformation(o);
        return e::estimate;
      }
      case "hsic": {
        HsicOptions o = hsic(p, s);
        Hsic e = new Hsic(o);
        return (x, y, z) -> e.estimate(x, y);
      }
      case "cka": {
        CkaOptions o = cka(p, s);
        Cka e = new Cka(o);
        return (x, y, z) -> e.estimate(x, y);
      }
      case "cs-qmi": {
        CsQmiOptions o = csQmi(p, s);
        CauchySchwarzQmi e = new CauchySchwarzQmi(o);
        return (x, y, z) -> e.estimate(x, y);
      }
      case "renyi-mi": {
        RenyiOptions o = renyiMi(p, s);
        RenyiMutualInformation e = new RenyiMutualInformation(o);
        return (x, y, z) -> e.estimate(x, y);
      }
      default:
        arity(measure);
        throw new AssertionError(measure);
    }
  }

  private static KsgOptions ksg(Map<String, String> p, RunSettings s) {
    KsgOptions o = KsgOptions.defaults().withSettings(s);
    if (p.containsKey("k")) {
      o = o.withK(integer(p, "k"));
    }
    if (p.containsKey("algorithm")) {
      String v = p.get("algorithm");
      o = o.withAlgorithm(switch (v) {
        case "1", "ksg1" -> KsgAlgorithm.ONE;
        case "2", "ksg2" -> KsgAlgorithm.TWO;
        default -> throw new InvalidInputException("algorithm = " + v + " is not one of 1, 2");
      });
    }
    return o;
  }

  private static HsicOptions hsic(Map<String, String> p, RunSettings s) {
    HsicOptions o = HsicOptions.defaults().withSettings(s);
    if (p.containsKey("kernel")) {
      o = o.withKernel(kernel(p.get("kernel")));
    }
    if (p.containsKey("sigma")) {
      o = o.withSigma(Bandwidth.parse(p.get("sigma")));
    }
    if (p.containsKey("sigma-y")) {
      o = o.withSigmaY(Bandwidth.parse(p.get("sigma-y")));
    }
    if (p.containsKey("estimator")) {
      String v = p.get("estimator");
      o = o.withUnbiased(switch (v) {
        case "biased" -> false;
        case "unbiased" -> true;
        default -> throw new InvalidInputException("estimator = " + v + " is not one of biased, unbiased");
      });
    }
    return o;
  }

  private static CkaOptions cka(Map<String, String> p, RunSettings s) {
    CkaOptions o = CkaOptions.defaults().withSettings(s);
    if (p.containsKey("kernel")) {
      o = o.withKernel(kernel(p.get("kernel")));
    }
    if (p.containsKey("sigma")) {
      o = o.withSigma(Bandwidth.parse(p.get("sigma")));
    }
    if (p.containsKey("sigma-y")) {
      o = o.withSigmaY(Bandwidth.parse(p.get("sigma-y")));
    }
    if (p.containsKey("debiased")) {
      o = o.withDebiased(bool(p, "debiased"));
    }
    return o;
  }

  private static CsQmiOptions csQmi(Map<String, String> p, RunSettings s) {
    CsQmiOptions o = CsQmiOptions.defaults().withSettings(s);
    if (p.containsKey("sigma")) {
      o = o.withSigma(Bandwidth.parse(p.get("sigma")));
    }
    if (p.containsKey("sigma-y")) {
      o = o.withSigmaY(Bandwidth.parse(p.get("sigma-y")));
    }
    return o;
  }

  private static RenyiOptions renyiMi(Map<String, String> p, RunSettings s) {
    RenyiOptions o = renyi(p, s);
    if (p.containsKey("sigma-y")) {
      o = o.withSigmaY(Bandwidth.parse(p.get("sigma-y")));
    }
    return o;
  }

  /** the measures a dependence matrix runs from a name (the pairwise command's), with their parameters */
  static final Map<String, Set<String>> PAIR_PARAMS = Map.of(
      "mi", Set.of("k", "algorithm"),
      "hsic", Set.of("kernel", "sigma", "sigma-y", "estimator"),
      "cka", Set.of("kernel", "sigma", "sigma-y", "debiased"),
      "cs-qmi", Set.of("sigma", "sigma-y"),
      "renyi-mi", Set.of("alpha", "sigma", "sigma-y"));

  /** the PairMeasure of {@code name} with parameters {@code p} and settings {@code s} */
  static org.infokernels.pairwise.PairMeasure pairMeasure(String name, Map<String, String> p, RunSettings s) {
    Set<String> known = PAIR_PARAMS.get(name);
    if (known == null) {
      throw new InvalidInputException("measure = " + name + " is not one of " + new java.util.TreeSet<>(PAIR_PARAMS.keySet())
          + " (transfer-entropy: pass a PairMeasure)");
    }
    Set<String> unknown = new HashSet<>(p.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new InvalidInputException("parameter(s) " + new java.util.TreeSet<>(unknown) + " are not parameters of "
          + name + " (it takes " + new java.util.TreeSet<>(known) + ")");
    }
    switch (name) {
      case "mi": return org.infokernels.pairwise.PairMeasure.mi(ksg(p, s));
      case "hsic": return org.infokernels.pairwise.PairMeasure.hsic(hsic(p, s));
      case "cka": return org.infokernels.pairwise.PairMeasure.cka(cka(p, s));
      case "cs-qmi": return org.infokernels.pairwise.PairMeasure.csQmi(csQmi(p, s));
      default: return org.infokernels.pairwise.PairMeasure.renyiMi(renyiMi(p, s));
    }
  }

  private static RenyiOptions renyi(Map<String, String> p, RunSettings s) {
    RenyiOptions o = RenyiOptions.defaults().withSettings(s);
    if (p.containsKey("alpha")) {
      o = o.withAlpha(number(p, "alpha"));
    }
    if (p.containsKey("sigma")) {
      o = o.withSigma(Bandwidth.parse(p.get("sigma")));
    }
    return o;
  }

  private static KernelType kernel(String v) {
    switch (v) {
      case "rbf": return KernelType.RBF;
      case "linear": return KernelType.LINEAR;
      default: throw new InvalidInputException("kernel = " + v + " is not one of rbf, linear");
    }
  }

  private static int integer(Map<String, String> p, String name) {
    try {
      return Integer.parseInt(p.get(name).trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name + " = " + p.get(name) + " is not an integer");
    }
  }

  private static double number(Map<String, String> p, String name) {
    try {
      return Double.parseDouble(p.get(name).trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name + " = " + p.get(name) + " is not a number");
    }
  }

  private static boolean bool(Map<String, String> p, String name) {
    String v = p.get(name).trim();
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new InvalidInputException(name + " = " + v + " is not true or false");
  }

  /** the parameters of {@code network}, by the names of the CLI's options */
  static final Set<String> NETWORK_PARAMS = Set.of("min-lag", "max-lag", "max-lag-target", "k", "theiler", "surrogate",
      "surrogates", "min-stat-surrogates", "omnibus-surrogates", "max-seq-surrogates", "alpha");

  /**
   * The network options of {@code p} (the CLI's defaults where a parameter is not given: lags 1..5, k = 4, no
   * Theiler window, circular surrogates, alpha 0.05); {@code surrogates} defaults to {@code permutations} when that
   * is above 0, else 200; fdr and the run settings come from the Spark options.
   */
  static org.infokernels.timeseries.NetworkInferenceOptions network(Map<String, String> p, int permutations,
                                                                   double fdr, RunSettings s) {
    for (String name : p.keySet()) {
      if (!NETWORK_PARAMS.contains(name)) {
        throw new InvalidInputException("network takes no parameter '" + name + "' (its parameters: "
            + String.join(", ", new java.util.TreeSet<>(NETWORK_PARAMS)) + ")");
      }
    }
    int maxLag = p.containsKey("max-lag") ? integer(p, "max-lag") : 5;
    int surr = p.containsKey("surrogates") ? integer(p, "surrogates") : permutations > 0 ? permutations : 200;
    return new org.infokernels.timeseries.NetworkInferenceOptions(
        p.containsKey("min-lag") ? integer(p, "min-lag") : 1, maxLag,
        p.containsKey("max-lag-target") ? integer(p, "max-lag-target") : maxLag,
        p.containsKey("k") ? integer(p, "k") : 4, p.containsKey("theiler") ? integer(p, "theiler") : 0,
        p.containsKey("surrogate") ? org.infokernels.timeseries.Surrogate.parse(p.get("surrogate").trim())
            : org.infokernels.timeseries.Surrogate.CIRCULAR,
        surr, p.containsKey("min-stat-surrogates") ? integer(p, "min-stat-surrogates") : surr,
        p.containsKey("omnibus-surrogates") ? integer(p, "omnibus-surrogates") : surr,
        p.containsKey("max-seq-surrogates") ? integer(p, "max-seq-surrogates") : surr,
        p.containsKey("alpha") ? number(p, "alpha") : 0.05, fdr, s);
  }
}
