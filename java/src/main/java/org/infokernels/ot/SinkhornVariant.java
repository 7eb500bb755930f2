package org.infokernels.ot;

import org.infokernels.core.InvalidInputException;

/**
 * Which transport value the Sinkhorn divergence S = W(α,β) − ½W(α,α) − ½W(β,β) is built from
 * (java/docs/conventions/ot.md).
 */
public enum SinkhornVariant {
  /**
   * W = OT_ε = ⟨P,C⟩ + ε·KL(P ‖ a⊗b) (Genevay et al. 2018, Feydy et al. 2019 eq. 4); S ≥ 0, not
   * clipped; self terms by Feydy's averaged symmetric update
   */
  FEYDY,
  /**
   * W = ⟨P,C⟩ only, then max(0, S): exactly POT's {@code ot.bregman.empirical_sinkhorn_divergence};
   * all three terms by alternating Sinkhorn
   */
  POT;

  /** {@code feydy} or {@code pot}: the estimator name of the estimate and the CLI's {@code --variant} value */
  public String label() {
    return this == FEYDY ? "feydy" : "pot";
  }

  /**
   * The variant named by its label ({@code feydy} or {@code pot}; exact, lower case).
   *
   * @param s the label
   * @return the variant of that label
   * @throws InvalidInputException if {@code s} is neither label
   */
  public static SinkhornVariant parse(String s) {
    for (SinkhornVariant v : values()) {
      if (v.label().equals(s)) {
        return v;
      }
    }
    throw new InvalidInputException("variant = " + s + " is not one of feydy, pot");
  }
}
