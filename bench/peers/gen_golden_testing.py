#!/usr/bin/env python3
"""Golden cases of the testing family (dcor, energy-distance, mmd) from the float64 oracle.

Writes java/src/test/resources/golden/testing/testing.json and the .npy inputs next to it. Each
case is a command line of the CLI (paths relative to that folder), the oracle's value and a
relative tolerance, like golden/golden.json. The oracle functions are those of the reference pack
(reference.py, section "Distance-based and kernel two-sample measures"), copied below verbatim so
that this script runs from the repository alone; sigma_median_cli and rbf_gram come from
bench/peers/reference.py.

One case is exact instead of float64: 1-D integer data at n = 100 000, where every distance is an
integer, so the sums of dCov are Python integers and dCor is computed from exact rationals; it
checks the accumulation of the tiled engine (and of the O(n log n) route) at 10^5 rows to 1e-9.

    /usr/bin/python3 bench/peers/gen_golden_testing.py        # about two minutes (the exact case)
"""
from __future__ import annotations

import json
import math
import os
import sys
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference as R  # noqa: E402  (bench/peers/reference.py: _as2d, rbf_gram, sq_dists, sigma_median_cli)

OUT = os.path.join(HERE, "..", "..", "java", "src", "test", "resources", "golden", "testing")


# ---- the oracle's section-6 functions (reference pack reference.py, verbatim) ----------------
def _dist(a, b=None) -> np.ndarray:
    """Euclidean distances from explicit differences (no Gram trick: exact to rounding)."""
    a = R._as2d(a)
    b = a if b is None else R._as2d(b)
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))


def _double_center(d: np.ndarray) -> np.ndarray:
    return d - d.mean(0, keepdims=True) - d.mean(1, keepdims=True) + d.mean()


def _u_center(d: np.ndarray) -> np.ndarray:
    n = d.shape[0]
    u = d - d.sum(0, keepdims=True) / (n - 2) - d.sum(1, keepdims=True) / (n - 2) + d.sum() / ((n - 1) * (n - 2))
    np.fill_diagonal(u, 0.0)
    return u


def dcov2(x, y, unbiased: bool = False) -> float:
    a, b = _dist(x), _dist(y)
    n = a.shape[0]
    if unbiased:
        return float((_u_center(a) * _u_center(b)).sum() / (n * (n - 3)))
    return float((_double_center(a) * _double_center(b)).mean())


def dcor(x, y, unbiased: bool = False) -> float:
    vxy, vxx, vyy = dcov2(x, y, unbiased), dcov2(x, x, unbiased), dcov2(y, y, unbiased)
    den = math.sqrt(vxx * vyy) if vxx * vyy > 0 else 0.0
    return 0.0 if den == 0.0 else vxy / den


def energy_distance(x, y) -> float:
    return float(2.0 * _dist(x, y).mean() - _dist(x).mean() - _dist(y).mean())


def mmd2_unbiased(x, y, sigma: float) -> float:
    kxx, kyy = R.rbf_gram(x, sigma), R.rbf_gram(y, sigma)
    kxy = np.exp(-R.sq_dists(R._as2d(x), R._as2d(y)) / (2 * sigma * sigma))
    n, m = kxx.shape[0], kyy.shape[0]
    return float((kxx.sum() - np.trace(kxx)) / (n * (n - 1)) + (kyy.sum() - np.trace(kyy)) / (m * (m - 1))
                 - 2.0 * kxy.mean())


# ---- exact dCor of integer-valued 1-D data --------------------------------------------------
def exact_dcor_1d(x: np.ndarray, y: np.ndarray, unbiased: bool) -> float:
    """dCor of integer vectors with exact integer sums: chunks of rows of |x_i - x_j| in int64."""
    n = len(x)
    ra = np.zeros(n, dtype=np.int64)
    rb = np.zeros(n, dtype=np.int64)
    p = [0] * 3  # sum ab, aa, bb as Python ints
    for lo in range(0, n, 500):
        a = np.abs(x[lo:lo + 500, None] - x[None, :])
        b = np.abs(y[lo:lo + 500, None] - y[None, :])
        ra[lo:lo + 500] = a.sum(1)
        rb[lo:lo + 500] = b.sum(1)
        p[0] += int((a * b).sum(1).sum(dtype=object))
        p[1] += int((a * a).sum(1).sum(dtype=object))
        p[2] += int((b * b).sum(1).sum(dtype=object))
    ra_l = [int(v) for v in ra]
    rb_l = [int(v) for v in rb]
    sa, sb = sum(ra_l), sum(rb_l)

    def num(t, q, s1, s2):
        if unbiased:
            return Fraction(t) + Fraction(s1 * s2, (n - 1) * (n - 2)) - Fraction(2 * q, n - 2)
        return Fraction(t) - Fraction(2 * q, n) + Fraction(s1 * s2, n * n)

    vxy = num(p[0], sum(u * v for u, v in zip(ra_l, rb_l)), sa, sb)
    vxx = num(p[1], sum(u * u for u in ra_l), sa, sa)
    vyy = num(p[2], sum(v * v for v in rb_l), sb, sb)
    if vxx * vyy <= 0:
        return 0.0
    # vxy / sqrt(vxx vyy) to ~1e-30 relative: the square root of an exact rational in high precision
    from decimal import Decimal, getcontext
    getcontext().prec = 60
    den = (Decimal(vxx.numerator) / Decimal(vxx.denominator) * Decimal(vyy.numerator) / Decimal(vyy.denominator)).sqrt()
    return float(Decimal(vxy.numerator) / Decimal(vxy.denominator) / den)


# ---- cases ---------------------------------------------------------------------------------
def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []

    def save(name, arr):
        np.save(os.path.join(OUT, name), np.asarray(arr, dtype=np.float64))
        return name

    def case(cid, cmd, value, note, rtol=1e-9, **extra):
        c = {"id": cid, "cmd": cmd, "value": float(value), "rtol": rtol, "note": note}
        c.update(extra)
        cases.append(c)

    # tiny, hand-checkable: 6 points in 2-D and 1-D, values on a 1/4 grid (draw seed 7601)
    rng = np.random.default_rng(7601)
    tx = np.round(rng.uniform(0, 10, (6, 2)) * 4) / 4
    ty = np.round((tx[:, :1] + rng.uniform(0, 3, (6, 1))) * 4) / 4
    save("tiny_x.npy", tx)
    save("tiny_y.npy", ty)
    for est in ("biased", "unbiased"):
        case(f"tiny_dcor_{est}", ["dcor", "--x", "tiny_x.npy", "--y", "tiny_y.npy", "--estimator", est],
             dcor(tx, ty, est == "unbiased"), "6 points, 2-D vs 1-D (seed 7601); tiled route (X is 2-D)")

    # multivariate, non-linear dependence (seed 7602)
    rng = np.random.default_rng(7602)
    x = rng.standard_normal((400, 3))
    y = np.column_stack([x[:, 0] ** 2, np.sin(2 * x[:, 1])]) + 0.5 * rng.standard_normal((400, 2))
    save("nl_x.npy", x)
    save("nl_y.npy", y)
    for est in ("biased", "unbiased"):
        case(f"nl_dcor_{est}", ["dcor", "--x", "nl_x.npy", "--y", "nl_y.npy", "--estimator", est],
             dcor(x, y, est == "unbiased"), "n = 400, dims 3 and 2, y = (x0^2, sin 2 x1) + noise (seed 7602)")

    # independent, 5-D and 4-D (seed 7603): small values, where cancellation matters most
    rng = np.random.default_rng(7603)
    x = rng.standard_normal((700, 5))
    y = rng.standard_normal((700, 4))
    save("ind_x.npy", x)
    save("ind_y.npy", y)
    for est in ("biased", "unbiased"):
        case(f"ind_dcor_{est}", ["dcor", "--x", "ind_x.npy", "--y", "ind_y.npy", "--estimator", est],
             dcor(x, y, est == "unbiased"), "n = 700, independent 5-D and 4-D normals (seed 7603)")

    # shifted and scaled (seed 7604): x*1e3 + 1e6 and y*1e-3 - 5; dCor is scale and translation invariant
    rng = np.random.default_rng(7604)
    u = rng.standard_normal((300, 2))
    v = u[:, :1] * u[:, 1:] + 0.3 * rng.standard_normal((300, 1))
    save("shift_x.npy", u * 1e3 + 1e6)
    save("shift_y.npy", v * 1e-3 - 5)
    xs, ys = np.load(os.path.join(OUT, "shift_x.npy")), np.load(os.path.join(OUT, "shift_y.npy"))
    case("shift_dcor_biased", ["dcor", "--x", "shift_x.npy", "--y", "shift_y.npy"], dcor(xs, ys),
         "n = 300, x*1e3 + 1e6 and y*1e-3 - 5 (seed 7604); the oracle on the stored values", rtol=1e-8)

    # 1-D: the O(n log n) route (auto) and the tiled one (seed 7605)
    rng = np.random.default_rng(7605)
    x = rng.standard_normal(1500)
    y = np.abs(x) + 0.5 * rng.standard_normal(1500)
    save("d1_x.npy", x)
    save("d1_y.npy", y)
    for est in ("biased", "unbiased"):
        val = dcor(x, y, est == "unbiased")
        case(f"d1_dcor_{est}", ["dcor", "--x", "d1_x.npy", "--y", "d1_y.npy", "--estimator", est], val,
             "n = 1500, 1-D, y = |x| + noise (seed 7605): Huo-Szekely route")
        case(f"d1_dcor_{est}_tiled", ["dcor", "--x", "d1_x.npy", "--y", "d1_y.npy", "--estimator", est,
                                      "--algorithm", "tiled"], val, "the same on the tiled route")

    # exact, 1-D integers at n = 100 000 (seed 7606)
    rng = np.random.default_rng(7606)
    n = 100_000
    xi = rng.integers(-1000, 1001, n)
    yi = xi // 2 + rng.integers(-800, 801, n)
    save("big_x.npy", xi)
    save("big_y.npy", yi)
    for est in ("biased", "unbiased"):
        val = exact_dcor_1d(xi.astype(np.int64), yi.astype(np.int64), est == "unbiased")
        case(f"big_dcor_{est}", ["dcor", "--x", "big_x.npy", "--y", "big_y.npy", "--estimator", est], val,
             "n = 100000 integers in [-1000, 1000], y = x//2 + noise (seed 7606): exact rational sums", large=True)

    # energy distance: n != m in 3-D (seed 7607), 1-D (seed 7608), equal samples -> 0
    rng = np.random.default_rng(7607)
    x = rng.standard_normal((350, 3))
    y = rng.standard_normal((220, 3)) * np.array([1.0, 1.5, 0.7]) + np.array([0.3, 0.0, -0.2])
    save("e_x.npy", x)
    save("e_y.npy", y)
    case("energy_3d", ["energy-distance", "--x", "e_x.npy", "--y", "e_y.npy"], energy_distance(x, y),
         "n = 350, m = 220, 3-D normals with shifted means and scales (seed 7607)")
    rng = np.random.default_rng(7608)
    x = rng.exponential(1.0, 500)
    y = rng.exponential(1.2, 450)
    save("e1_x.npy", x)
    save("e1_y.npy", y)
    case("energy_1d", ["energy-distance", "--x", "e1_x.npy", "--y", "e1_y.npy"], energy_distance(x, y),
         "n = 500, m = 450, exponentials of scales 1 and 1.2 (seed 7608)")
    case("energy_equal", ["energy-distance", "--x", "e_x.npy", "--y", "e_x.npy"], 0.0,
         "X against itself: exactly 0 up to rounding", tolerance=1e-12)

    # MMD: median sigma over the pooled sample (n + m <= 2000), explicit sigma, 1-D (seeds 7609, 7610)
    rng = np.random.default_rng(7609)
    x = rng.standard_normal((400, 4))
    y = rng.standard_normal((300, 4)) * 1.2 + 0.2
    save("m_x.npy", x)
    save("m_y.npy", y)
    s = R.sigma_median_cli(np.vstack([x, y]))
    case("mmd_median", ["mmd", "--x", "m_x.npy", "--y", "m_y.npy"], mmd2_unbiased(x, y, s),
         "n = 400, m = 300, 4-D (seed 7609); sigma = median over the pooled sample", extra={"sigma": s})
    case("mmd_sigma", ["mmd", "--x", "m_x.npy", "--y", "m_y.npy", "--sigma", "1.5"], mmd2_unbiased(x, y, 1.5),
         "the same with sigma = 1.5")
    rng = np.random.default_rng(7610)
    x = rng.standard_normal(600)
    y = rng.standard_t(4, 500)
    save("m1_x.npy", x)
    save("m1_y.npy", y)
    s = R.sigma_median_cli(np.concatenate([x, y]))
    case("mmd_1d", ["mmd", "--x", "m1_x.npy", "--y", "m1_y.npy"], mmd2_unbiased(x, y, s),
         "n = 600 normals, m = 500 Student-t(4) (seed 7610); median sigma", extra={"sigma": s})

    with open(os.path.join(OUT, "testing.json"), "w") as f:
        json.dump(cases, f, indent=1)
    print(f"{len(cases)} cases written to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
