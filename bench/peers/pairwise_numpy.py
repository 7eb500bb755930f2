#!/usr/bin/env python3
"""All-pairs HSIC (biased, Gaussian kernel, median sigma) the way a NumPy user writes it with the
oracle (bench/peers/reference.py): per pair, sigma of each variable by the CLI median heuristic,
both n x n Gram matrices, hsic_biased.  At n = 10^4 one pair is seconds, so the loop runs for
--budget seconds over the first pairs and the time of all p(p-1)/2 pairs is extrapolated
linearly (printed as such).  Compare with PairwiseBench (same p, n, data shape: p standard
normal columns, every odd column the previous one plus noise).

    OPENBLAS_NUM_THREADS=1 python3 bench/peers/pairwise_numpy.py --p 100 --n 10000 --budget 120
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as R  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--p", type=int, default=100)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--budget", type=float, default=120.0)
    a = ap.parse_args()
    g = np.random.default_rng(1)
    x = g.normal(size=(a.n, a.p))
    for c in range(1, a.p, 2):
        x[:, c] = x[:, c - 1] + g.normal(size=a.n)
    pairs = a.p * (a.p - 1) // 2
    t0 = time.perf_counter()
    done = 0
    stop = False
    for i in range(a.p):
        for j in range(i + 1, a.p):
            xi, xj = x[:, i:i + 1], x[:, j:j + 1]
            k = R.rbf_gram(xi, R.sigma_median_cli(xi))
            l = R.rbf_gram(xj, R.sigma_median_cli(xj))
            R.hsic_biased(k, l)
            done += 1
            if time.perf_counter() - t0 > a.budget:
                stop = True
                break
        if stop:
            break
    t = time.perf_counter() - t0
    total = t * pairs / done
    print(f"numpy hsic p={a.p} n={a.n}: {done} of {pairs} pairs in {t:.2f} s ({t / done:.3f} s/pair)"
          f" -> all pairs {'~' if done < pairs else ''}{total:.1f} s"
          f"{' (extrapolated)' if done < pairs else ''}; numpy {np.__version__}")


if __name__ == "__main__":
    main()
