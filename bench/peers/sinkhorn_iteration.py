#!/usr/bin/env python3
"""One log-domain Sinkhorn iteration at sizes where no n x m matrix fits (n = m = 2*10^5 needs
320 GB for the oracle's cost matrix): infokernels' CLI against numpy in row blocks, same data.

Sinkhorn to convergence at such sizes takes as many iterations on both sides (the same iteration
and stopping rule, see compare.py's family_ot), so the ratio of one iteration is the ratio of the
solve. Ours: the CLI's compute time with --max-iter 2 minus that with --max-iter 1 (exactly one
more v- and u-update: both runs do the same marginal check at iteration 0 and the same final
passes). numpy: the oracle's u-update, u = log a - LSE_j(-M_ij/eps + v_j), on blocks of rows (the
cost recomputed per block by the Gram identity, ~2*10^6 pairs per block), timed on `--sample`
evenly spread blocks and scaled to all rows, times 2 for the v-update (n = m: the same work).

    /usr/bin/python3 bench/peers/sinkhorn_iteration.py --n 200000 [--backends cpu] [--native-cli PATH]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare as C  # noqa: E402  (sets numpy's BLAS threads, default 1, before numpy loads)
import numpy as np  # noqa: E402
import reference as R  # noqa: E402


def numpy_iteration(x, y, eps, sample):
    n, m = x.shape[0], y.shape[0]
    block, starts, timed = C.row_blocks(n, m, sample)
    nx, ny = np.einsum("ij,ij->i", x, x), np.einsum("ij,ij->i", y, y)
    v = np.zeros(m)
    la = math.log(1.0 / n)
    t0 = time.perf_counter()
    for i0 in timed:
        i1 = min(n, i0 + block)
        cost = np.maximum(nx[i0:i1, None] + ny[None, :] - 2.0 * (x[i0:i1] @ y.T), 0.0)
        z = cost * (-1.0 / eps) + v[None, :]
        zmax = z.max(axis=1)
        _ = la - (zmax + np.log(np.exp(z - zmax[:, None]).sum(axis=1)))
    secs = time.perf_counter() - t0
    return 2.0 * secs * len(starts) / len(timed), f"{len(timed)} of {len(starts)} row blocks of {block} timed, scaled, x2"


def ours(cmd, max_iter):
    p = subprocess.run(cmd + ["--max-iter", str(max_iter), "--format", "json"], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(p.stderr.strip().splitlines()[-1])
    return json.loads(p.stdout)["seconds"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--d", type=int, default=10)
    ap.add_argument("--backends", default="cpu")
    ap.add_argument("--native-cli", default="")
    ap.add_argument("--sample", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    x = rng.standard_normal((a.n, a.d))
    y = rng.standard_normal((a.n, a.d)) + 0.5
    eps = R.epsilon_default_cli(x, y)
    print(f"# one log-domain Sinkhorn iteration, n = m = {a.n}, d = {a.d}, eps = 0.1 x median cost = {eps:.6g}")
    peer, note = numpy_iteration(x, y, eps, a.sample)
    print(f"{'numpy row blocks':>28} {peer:10.3f} s  {note}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        xp, yp = os.path.join(tmp, "x.npy"), os.path.join(tmp, "y.npy")
        np.save(xp, x)
        np.save(yp, y)
        heads = [("infokernels", ["java", "-jar", C.JAR])] + ([("infokernels-native", [a.native_cli])] if a.native_cli else [])
        for name, head in heads:
            for b in a.backends.split(","):
                cmd = head + ["sinkhorn", "--x", xp, "--y", yp, "--epsilon", repr(eps), "--backend", b]
                t1, t2 = ours(cmd, 1), ours(cmd, 2)
                it = t2 - t1
                print(f"{name + ' ' + b:>28} {it:10.3f} s  ratio {peer / it:.1f}x  (max-iter 1: {t1:.3f} s, 2: {t2:.3f} s)",
                      flush=True)


if __name__ == "__main__":
    main()
