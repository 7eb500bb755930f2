package org.infokernels.internal.kernel;

/** Indices into the array returned by {@link org.infokernels.internal.backend.Backend#pairSums}; the same as IK_SUM_* in the C header. */
public final class PairSums {
  /** Σᵢⱼ KᵢⱼLᵢⱼ */
  public static final int KL = 0;
  /** Σᵢⱼ Kᵢⱼ² */
  public static final int KK = 1;
  /** Σᵢⱼ Lᵢⱼ² */
  public static final int LL = 2;
  /** Σᵢⱼ (KᵢⱼLᵢⱼ)² */
  public static final int KL2 = 3;
  /** Σᵢⱼ Kᵢⱼ */
  public static final int K = 4;
  /** Σᵢⱼ Lᵢⱼ */
  public static final int L = 5;
  /** tr K */
  public static final int TRK = 6;
  /** tr L */
  public static final int TRL = 7;
  /** Σᵢ KᵢᵢLᵢᵢ */
  public static final int DIAG_KL = 8;
  /** length of the array */
  public static final int LEN = 9;

  private PairSums() {}
}
