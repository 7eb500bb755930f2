#!/usr/bin/env python3
"""All-pairs dependence the way a Python user computes it, for comparison with PairwiseBench
(same p, n, data shape: p standard normal columns, every odd column the previous one plus noise).

--measure hsic (default): biased HSIC, Gaussian kernel, median sigma, with the oracle
(bench/peers/reference.py): per pair, sigma of each variable by the CLI median heuristic, both
n x n Gram matrices, hsic_biased.  At n = 10^4 one pair is seconds, so the loop runs for
--budget seconds over the first pairs and the time of all p(p-1)/2 pairs is extrapolated
linearly (printed as such).

--measure mi: KSG mutual information (k = 3) with scikit-learn's mutual_info_regression looped
over features: for feature j, one call with the columns after j as X and column j as the target,
so every unordered pair is estimated once (sklearn rescales each column to unit variance and adds
1e-10-scale noise; its values are close to, not equal to, ours).  Needs scikit-learn (Debian:
`apt-get install python3-sklearn`, then run with /usr/bin/python3).

    OPENBLAS_NUM_THREADS=1 python3 bench/peers/pairwise_numpy.py --p 100 --n 10000 --budget 120
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/pairwise_numpy.py --measure mi --p 100 --n 10000
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
    ap.add_argument("--measure", choices=["hsic", "mi"], default="hsic")
    ap.add_argument("--k", type=int, default=3)
    a = ap.parse_args()
    g = np.random.default_rng(1)
    x = g.normal(size=(a.n, a.p))
    for c in range(1, a.p, 2):
        x[:, c] = x[:, c - 1] + g.normal(size=a.n)
    pairs = a.p * (a.p - 1) // 2
    if a.measure == "mi":
        return sklearn_mi(a, x, pairs)
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


def sklearn_mi(a, x, pairs):
    import sklearn
    from sklearn.feature_selection import mutual_info_regression
    t0 = time.perf_counter()
    done = 0
    for j in range(a.p - 1):
        mutual_info_regression(x[:, j + 1:], x[:, j], n_neighbors=a.k, random_state=0)
        done += a.p - 1 - j
        if time.perf_counter() - t0 > a.budget:
            break
    t = time.perf_counter() - t0
    total = t * pairs / done
    print(f"sklearn mutual_info_regression p={a.p} n={a.n} k={a.k}: {done} of {pairs} pairs in {t:.2f} s "
          f"({done / t:.2f} pairs/s) -> all pairs {'~' if done < pairs else ''}{total:.1f} s"
          f"{' (extrapolated)' if done < pairs else ''}; scikit-learn {sklearn.__version__}, numpy {np.__version__}")


if __name__ == "__main__":
    main()
