package org.infokernels.cli.common;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.infokernels.core.BackendKind;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Norm;
import org.infokernels.core.Precision;
import org.infokernels.core.Unit;
import org.infokernels.timeseries.AutoEmbed;
import org.infokernels.timeseries.Surrogate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters from the option words of the command line to the api's enums. Each accepts
 * exactly the documented lower-case words and lists them when a value is wrong; each
 * {@code Candidates} class feeds {@code ${COMPLETION-CANDIDATES}} in the help.
 */
public final class Converters {
  private Converters() {}

  private static TypeConversionException notOneOf(String value, String... allowed) {
    return new TypeConversionException("'" + value + "' is not one of " + String.join(", ", allowed));
  }

  /** a fixed list of words for the help */
  public abstract static class Words implements Iterable<String> {
    private final List<String> words;

    public Words(String... words) {
      this.words = List.of(words);
    }

    @Override
    public Iterator<String> iterator() {
      return new ArrayList<>(words).iterator();
    }
  }

  static final class BackendConverter implements ITypeConverter<BackendKind> {
    @Override
    public BackendKind convert(String value) {
      for (BackendKind b : BackendKind.values()) {
        if (b.label().equals(value)) {
          return b;
        }
      }
      throw notOneOf(value, "auto", "java", "cpu", "cuda");
    }
  }

  static final class BackendCandidates extends Words {
    BackendCandidates() {
      super("auto", "java", "cpu", "cuda");
    }
  }

  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      switch (value) {
        case "text": return Format.TEXT;
        case "json": return Format.JSON;
        default: throw notOneOf(value, "json", "text");
      }
    }
  }

  static final class FormatCandidates extends Words {
    FormatCandidates() {
      super("text", "json");
    }
  }

  /** --base e|2|10 to the unit of the result */
  static final class BaseConverter implements ITypeConverter<Unit> {
    @Override
    public Unit convert(String value) {
      switch (value) {
        case "e": return Unit.NATS;
        case "2": return Unit.BITS;
        case "10": return Unit.HARTLEYS;
        default: throw notOneOf(value, "e", "2", "10");
      }
    }
  }

  static final class BaseCandidates extends Words {
    BaseCandidates() {
      super("e", "2", "10");
    }
  }

  static final class PrecisionConverter implements ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
      for (Precision p : Precision.values()) {
        if (p.label().equals(value)) {
          return p;
        }
      }
      throw notOneOf(value, "double", "float");
    }
  }

  static final class PrecisionCandidates extends Words {
    PrecisionCandidates() {
      super("double", "float");
    }
  }

  public static final class NormConverter implements ITypeConverter<Norm> {
    @Override
    public Norm convert(String value) {
      for (Norm n : Norm.values()) {
        if (n.label().equals(value)) {
          return n;
        }
      }
      throw notOneOf(value, "euclidean", "max");
    }
  }

  public static final class NormCandidates extends Words {
    public NormCandidates() {
      super("euclidean", "max");
    }
  }

  public static final class KsgConverter implements ITypeConverter<KsgAlgorithm> {
    @Override
    public KsgAlgorithm convert(String value) {
      for (KsgAlgorithm a : KsgAlgorithm.values()) {
        if (a.label().equals(value)) {
          return a;
        }
      }
      throw notOneOf(value, "ksg1", "ksg2");
    }
  }

  public static final class KsgCandidates extends Words {
    public KsgCandidates() {
      super("ksg1", "ksg2");
    }
  }

  public static final class KernelConverter implements ITypeConverter<org.infokernels.kernel.KernelType> {
    @Override
    public org.infokernels.kernel.KernelType convert(String value) {
      for (org.infokernels.kernel.KernelType k : org.infokernels.kernel.KernelType.values()) {
        if (k.label().equals(value)) {
          return k;
        }
      }
      throw notOneOf(value, "rbf", "linear");
    }
  }

  public static final class KernelCandidates extends Words {
    public KernelCandidates() {
      super("rbf", "linear");
    }
  }

  public static final class HsicEstimatorCandidates extends Words {
    public HsicEstimatorCandidates() {
      super("biased", "unbiased");
    }
  }

  /** "biased" or "unbiased" (kept as the word: picocli treats boolean fields as flags) */
  public static final class HsicEstimatorConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.equals("biased") || value.equals("unbiased")) {
        return value;
      }
      throw notOneOf(value, "biased", "unbiased");
    }
  }

  public static final class BandwidthConverter implements ITypeConverter<org.infokernels.core.Bandwidth> {
    @Override
    public org.infokernels.core.Bandwidth convert(String value) {
      try {
        return org.infokernels.core.Bandwidth.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  public static final class MethodConverter implements ITypeConverter<org.infokernels.core.SpectralMethod> {
    @Override
    public org.infokernels.core.SpectralMethod convert(String value) {
      for (org.infokernels.core.SpectralMethod m : org.infokernels.core.SpectralMethod.values()) {
        if (m.label().equals(value)) {
          return m;
        }
      }
      throw notOneOf(value, "auto", "exact", "slq");
    }
  }

  public static final class MethodCandidates extends Words {
    public MethodCandidates() {
      super("auto", "exact", "slq");
    }
  }

  /** alpha > 0, alpha != 1 */
  public static final class AlphaConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double a;
      try {
        a = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!(a > 0) || !Double.isFinite(a)) {
        throw new TypeConversionException("alpha = " + value + " must be a finite number > 0");
      }
      if (a == 1.0) {
        throw new TypeConversionException("alpha = 1 is the von Neumann entropy: use von-neumann --kind rbf, or alpha = 1.01");
      }
      return a;
    }
  }

  /** circular, shuffle, block, swap-trials (transfer entropy's surrogates) */
  public static final class SurrogateConverter implements ITypeConverter<Surrogate> {
    @Override
    public Surrogate convert(String value) {
      try {
        return Surrogate.parse(value);
      } catch (RuntimeException e) {
        throw new TypeConversionException("'" + value + "' is not one of circular, shuffle, block, swap-trials");
      }
    }
  }

  /** none, ragwitz, max-ais (transfer entropy's auto-embedding) */
  public static final class AutoEmbedConverter implements ITypeConverter<AutoEmbed> {
    @Override
    public AutoEmbed convert(String value) {
      try {
        return AutoEmbed.parse(value);
      } catch (RuntimeException e) {
        throw new TypeConversionException("'" + value + "' is not one of none, ragwitz, max-ais");
      }
    }
  }
}
