package org.infokernels.cli.common;

import org.infokernels.core.NullDistribution;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --null permutation|gamma|chi2}: how an independence test gets its p-value (hsic, dcor). */
public final class NullOptions {
  @Option(names = "--null", order = 21, paramLabel = "NULL", defaultValue = "permutation",
      converter = NullConverter.class, completionCandidates = NullCandidates.class,
      description = {"p-value from ${COMPLETION-CANDIDATES}: permutation = --permutations N permutations of Y's rows "
          + "(the reference); gamma = HSIC's gamma approximation (Gretton et al. 2007), no permutations; chi2 = "
          + "n dCor_u + 1 ~ chi2(1) (Shen, Panda, Vogelstein 2022; hyppo's auto), no permutations. "
          + "Default: ${DEFAULT-VALUE}."})
  public NullDistribution nullDistribution;

  static final class NullConverter implements ITypeConverter<NullDistribution> {
    @Override
    public NullDistribution convert(String value) {
      for (NullDistribution d : NullDistribution.values()) {
        if (d.label().equals(value)) {
          return d;
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of permutation, gamma, chi2");
    }
  }

  static final class NullCandidates extends Converters.Words {
    NullCandidates() {
      super("permutation", "gamma", "chi2");
    }
  }
}
