package org.infokernels.internal.ot;

/**
 * The outcome of one entropic OT solve: cost ⟨P, C⟩; regularized OT_ε = ⟨P, C⟩ + ε·KL(P ‖ a⊗b)
 * (symmetric: 2⟨a, f⟩); sweeps run; whether the stopping rule was met; ‖Pᵀ1 − b‖₂ (symmetric:
 * ‖P1 − a‖₂); potentials f = ε·u, g = ε·v.
 */
public record SinkhornResult(double cost, double regularized, int iterations, boolean converged, double marginalError,
                             double[] f, double[] g) {}
