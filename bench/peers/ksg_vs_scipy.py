#!/usr/bin/env python3
"""Side-by-side timing: infokernels' CLI against the common Python route for KSG mutual
information (scipy cKDTree), on the same data in one run. Prints both values and the ratios.

    python3 bench/peers/ksg_vs_scipy.py                    # n = 1e4, 1e5, 1e6; 2+2 dimensions; k = 3
    python3 bench/peers/ksg_vs_scipy.py --n 100000 --backends cpu,java --workers 2

Needs numpy and scipy, and the CLI jar (java -jar java/target/infokernels.jar, built by
`mvn -B -q package -DskipTests`). Nothing here reads ../shared: the scipy route below is a
self-contained copy of the float64 reference (KSG algorithm 1, max norm, strict counts via
nextafter, as scikit-learn does).

The CLI's time is reported two ways: `seconds` (the compute time the tool measures itself) and
the wall time of the whole process (JVM start, file reading). Ratios use the compute time for
both sides (scipy: tree building + queries; the .npy writing is not timed).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JAR = os.path.join(ROOT, "java", "target", "infokernels.jar")


def scipy_ksg1(x: np.ndarray, y: np.ndarray, k: int, workers: int) -> float:
    """KSG algorithm 1 (Kraskov et al. 2004, eq. 8) the way Python users write it with cKDTree."""
    n = x.shape[0]
    z = np.hstack([x, y])
    eps = cKDTree(z).query(z, k=k + 1, p=np.inf, workers=workers)[0][:, k]
    r = np.nextafter(eps, 0.0)
    nx = np.asarray(cKDTree(x).query_ball_point(x, r, p=np.inf, return_length=True, workers=workers)) - 1.0
    ny = np.asarray(cKDTree(y).query_ball_point(y, r, p=np.inf, return_length=True, workers=workers)) - 1.0
    return float(digamma(k) + digamma(n) - np.mean(digamma(nx + 1.0) + digamma(ny + 1.0)))


def run_cli(backend: str, xp: str, yp: str, k: int, threads: int):
    cmd = ["java", "-jar", JAR, "mi", "--x", xp, "--y", yp, "--k", str(k), "--backend", backend,
           "--format", "json"]
    if threads > 0:
        cmd += ["--threads", str(threads)]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        return None, wall, p.stderr.strip()
    out = json.loads(p.stdout)
    return out, wall, ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", default="10000,100000,1000000", help="comma-separated sample sizes")
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--dims", type=int, default=2, help="dimension of X and of Y")
    ap.add_argument("--rho", type=float, default=0.6)
    ap.add_argument("--backends", default="cpu,java", help="comma-separated infokernels backends")
    ap.add_argument("--workers", type=int, default=2, help="scipy cKDTree workers")
    ap.add_argument("--threads", type=int, default=0, help="infokernels --threads (0 = all cores)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-scipy-above", type=int, default=10**7)
    args = ap.parse_args()
    if not os.path.exists(JAR):
        print(f"missing {JAR}: build it with `mvn -B -q package -DskipTests`", file=sys.stderr)
        return 2
    rng = np.random.default_rng(args.seed)
    print(f"# KSG-1 mutual information, {args.dims}+{args.dims} dimensions, k = {args.k}, rho = {args.rho}; "
          f"scipy {__import__('scipy').__version__} cKDTree workers = {args.workers}")
    print(f"{'n':>9} {'route':>14} {'value':>20} {'compute s':>10} {'wall s':>8} {'scipy/this':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(v) for v in args.n.split(",")]:
            x = rng.standard_normal((n, args.dims))
            y = args.rho * x + np.sqrt(1 - args.rho ** 2) * rng.standard_normal((n, args.dims))
            xp, yp = os.path.join(tmp, "x.npy"), os.path.join(tmp, "y.npy")
            np.save(xp, x)
            np.save(yp, y)
            ts = None
            if n <= args.skip_scipy_above:
                t0 = time.perf_counter()
                vs = scipy_ksg1(x, y, args.k, args.workers)
                ts = time.perf_counter() - t0
                print(f"{n:>9} {'scipy cKDTree':>14} {vs:>20.15f} {ts:>10.3f} {'':>8} {1.0:>10.2f}")
            for b in args.backends.split(","):
                out, wall, err = run_cli(b, xp, yp, args.k, args.threads)
                if out is None:
                    print(f"{n:>9} {'ik ' + b:>14} {'unavailable':>20} {'':>10} {wall:>8.2f}   {err}")
                    continue
                ratio = f"{ts / out['seconds']:>10.2f}" if ts else f"{'':>10}"
                print(f"{n:>9} {'ik ' + out['backend']:>14} {out['value']:>20.15f} {out['seconds']:>10.3f} {wall:>8.2f} {ratio}")
                if ts is not None and abs(out["value"] - vs) > 1e-9 * max(1.0, abs(vs)):
                    print(f"# WARNING: {b} differs from scipy by {out['value'] - vs:.3e}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
