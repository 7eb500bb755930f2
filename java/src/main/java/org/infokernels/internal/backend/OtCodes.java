package org.infokernels.internal.backend;

import org.infokernels.bindings.global.infokernels;
import org.infokernels.core.Precision;
import org.infokernels.internal.ot.SinkhornResult;

/** The optimal-transport codes and result layout of the C ABI, shared by the cpu and cuda backends. */
final class OtCodes {
  private OtCodes() {}

  static int precision(Precision p) {
    return p == Precision.FLOAT ? infokernels.IK_PRECISION_FLOAT : infokernels.IK_PRECISION_DOUBLE;
  }

  static int mode(boolean symmetric) {
    return symmetric ? infokernels.IK_SINKHORN_SYMMETRIC : infokernels.IK_SINKHORN_ALTERNATING;
  }

  /** out_stats (IK_OT_*) and the potentials as a result */
  static SinkhornResult result(double[] s, double[] f, double[] g) {
    return new SinkhornResult(s[infokernels.IK_OT_COST], s[infokernels.IK_OT_REGULARIZED],
        (int) s[infokernels.IK_OT_ITERATIONS], s[infokernels.IK_OT_CONVERGED] != 0, s[infokernels.IK_OT_MARGINAL_ERROR],
        f, g);
  }
}
