package org.infokernels.core;

/**
 * How an independence test gets its p-value.
 * <ul>
 *   <li>{@link #PERMUTATION}: the statistic over {@code RunSettings.permutations()} permutations
 *       of Y's rows (the reference; each permutation drawn from its own stream of the seed);</li>
 *   <li>{@link #GAMMA}: HSIC's biased statistic matched to a gamma distribution by its mean and
 *       variance under independence (Gretton et al., NIPS 2007): one extra pass, no permutations;</li>
 *   <li>{@link #CHI2}: n·dCor_u + 1 against χ²₁ (Shen, Panda, Vogelstein, JCGS 2022; hyppo's
 *       {@code auto}): free once the unbiased dCor is known.</li>
 * </ul>
 */
public enum NullDistribution {
  /** permutations of Y's rows, {@code RunSettings.permutations()} of them (the reference) */
  PERMUTATION("permutation"),
  /** HSIC's gamma approximation (Gretton et al., NIPS 2007) */
  GAMMA("gamma"),
  /** dCor's χ²₁ approximation (Shen, Panda, Vogelstein 2022) */
  CHI2("chi2");

  private final String label;

  NullDistribution(String label) {
    this.label = label;
  }

  /** the command-line spelling: permutation, gamma, chi2 */
  public String label() {
    return label;
  }

  /** the constant of a command-line spelling */
  public static NullDistribution parse(String s) {
    for (NullDistribution d : values()) {
      if (d.label.equals(s)) {
        return d;
      }
    }
    throw new InvalidInputException("null = " + s + " is not one of permutation, gamma, chi2");
  }
}
