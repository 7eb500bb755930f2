#!/usr/bin/env python3
"""Side by side, on the same data in one run: infokernels' backends (through the CLI) against
the float64 oracle (numpy/scipy, `reference.py` next to this file), scikit-learn's
`mutual_info_regression` and POT, where those are installed. Prints every route's value, its
compute time and the ratio peer time / infokernels time per backend.

    python3 bench/peers/compare.py                          # all families, default sizes
    python3 bench/peers/compare.py --family ot --n 5000     # issue figures: n = m = 5000, d = 10
    python3 bench/peers/compare.py --family knn --n 1000000 --skip-oracle-above 2000000
    python3 bench/peers/compare.py --backends cpu,java,cuda # on a GPU machine
    python3 bench/peers/compare.py --family testing         # dCor, MMD at n = 10^4, HSIC nulls, 1-D dCor 10^6

Needs numpy and scipy, the CLI jar (`mvn -B -q package -DskipTests` builds
java/target/infokernels.jar) and `java` on the PATH. scikit-learn and POT rows appear where
they import; on Debian 12 (this project's machines) `apt-get install python3-sklearn python3-pot`
provides both for /usr/bin/python3 (POT 0.8.2, scikit-learn 1.2.1), so run the script with that
interpreter: `/usr/bin/python3 bench/peers/compare.py`.

Timing. The CLI reports `seconds`, the compute time it measures itself (no JVM start, no file
reading); the peers are timed around the call that computes the value (for the oracle and POT
that includes forming the n x n kernel or cost matrix, which is how they work). Ratios compare
those compute times. `process s` is the wall time of our whole CLI process (JVM start, native
loading, file reading included) and `whole` the oracle's compute time over it: what a script
that calls the CLI sees. `--native-cli PATH` adds the same rows for the native-image executable
(ci/native-image.sh builds it). BLAS threads of numpy follow --blas-threads (default 1: on a 2-core machine
OpenBLAS with 2 threads is much slower for eigensolvers); infokernels uses its default threads
(all cores) unless --threads is given.

Values. The oracle and infokernels compute the same number (to ~1e-9 relative; Sinkhorn to the
stopping tolerance); a larger difference is printed as a WARNING. scikit-learn adds 1e-10-scale
noise to its inputs and POT's `empirical_sinkhorn_divergence` uses the plain cost (our
`--variant pot`): their columns show the difference, not a warning.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time


def _early_blas_threads() -> None:
    # must happen before numpy is imported
    for i, a in enumerate(sys.argv):
        if a == "--blas-threads" and i + 1 < len(sys.argv):
            n = sys.argv[i + 1]
            break
        if a.startswith("--blas-threads="):
            n = a.split("=", 1)[1]
            break
    else:
        n = "1"
    for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[v] = n


_early_blas_threads()

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference as R  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
JAR = os.path.join(ROOT, "java", "target", "infokernels.jar")

try:
    from sklearn.feature_selection import mutual_info_regression  # type: ignore
    import sklearn  # type: ignore
except ImportError:  # pragma: no cover - depends on the machine
    sklearn = None
try:
    import ot  # type: ignore
except ImportError:  # pragma: no cover
    ot = None


class Table:
    """Rows of one comparison: the first row with a time is the reference for the ratios."""

    def __init__(self, title: str):
        self.title = title
        self.rows = []

    def add(self, route: str, value, seconds, note: str = "", process=None) -> None:
        self.rows.append((route, value, seconds, note, process))

    def print(self) -> None:
        print(f"\n## {self.title}")
        print(f"{'route':>30} {'value':>22} {'compute s':>10} {'vs oracle':>10} {'process s':>10} "
              f"{'whole':>8} {'vs peers':>28}  note")
        peers = [(r, s) for r, _, s, _, _ in self.rows if s and not r.startswith("infokernels")]
        oracle = next((s for r, _, s, _, _ in self.rows if r.startswith("oracle") and s), None)
        ref_value = next((v for r, v, _, _, _ in self.rows if r.startswith("oracle") and isinstance(v, float)), None)
        for route, value, secs, note, process in self.rows:
            val = f"{value:>22.15g}" if isinstance(value, float) else f"{str(value):>22}"
            sec = f"{secs:>10.3f}" if secs else f"{'':>10}"
            ratio, vs_peers, proc, whole = f"{'':>10}", "", f"{'':>10}", f"{'':>8}"
            if route.startswith("infokernels") and secs:
                if oracle:
                    ratio = f"{oracle / secs:>9.1f}x"
                vs_peers = " ".join(f"{_short(r)}:{s / secs:.1f}x" for r, s in peers if not r.startswith("oracle"))
            if process:
                proc = f"{process:>10.3f}"
                if oracle:
                    whole = f"{oracle / process:>7.1f}x"
            print(f"{route:>30} {val} {sec} {ratio} {proc} {whole} {vs_peers:>28}  {note}")
            if (route.startswith("infokernels") and "--variant" not in route and ref_value is not None and isinstance(value, float)
                    and abs(value - ref_value) > self.tolerance * max(1.0, abs(ref_value))):
                print(f"# WARNING: {route} differs from the oracle by {value - ref_value:.3e}")
        sys.stdout.flush()

    tolerance = 1e-8


def _short(route: str) -> str:
    """a peer's route without its version: 'POT 0.8.2 sinkhorn_log' -> 'POT_sinkhorn_log'"""
    return "_".join(w for w in route.split() if not w[0].isdigit())


def timed(fn):
    t0 = time.perf_counter()
    v = fn()
    return v, time.perf_counter() - t0


def best_of(args, fn):
    """(value, least time) of --repeat runs of fn: the peer at its best (e.g. numpy once the
    kernel's page faults for its n x n temporaries happen to be cheap)"""
    runs = [timed(fn) for _ in range(max(1, args.repeat))]
    return runs[0][0], min(s for _, s in runs)


def run_cli(args: argparse.Namespace, backend: str, cmd: list, native: bool = False) -> tuple:
    """(JSON output or None, error line); the whole process's wall time is in out["_process_s"]"""
    head = [args.native_cli] if native else ["java", "-jar", JAR]
    full = head + cmd + ["--backend", backend, "--format", "json"]
    if args.threads > 0:
        full += ["--threads", str(args.threads)]
    t0 = time.perf_counter()
    p = subprocess.run(full, capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"
    out = json.loads(p.stdout)
    out["_process_s"] = wall
    return out, ""


def ours(args, table: Table, cmd: list, extra=None) -> None:
    for native in ([False, True] if args.native_cli else [False]):
        for b in args.backends.split(","):
            name = "infokernels-native" if native else "infokernels"
            out, err = None, ""
            for _ in range(max(1, args.repeat)):  # the run with the least compute time
                o, err = run_cli(args, b, cmd, native)
                if o is None:
                    out = None
                    break
                if out is None or float(o["seconds"]) < float(out["seconds"]):
                    out = o
            if out is None:
                table.add(f"{name} {b}", "unavailable", None, err)
                continue
            note = extra(out) if extra else ""
            route = f"{name} {out['backend']}"
            if out.get("backend") != b:
                route += f" (asked {b})"
            table.add(route, float(out["value"]), float(out["seconds"]), note, out["_process_s"])


def save(tmp: str, name: str, a: np.ndarray) -> str:
    p = os.path.join(tmp, name)
    np.save(p, np.ascontiguousarray(a, dtype=np.float64))
    return p


# ----------------------------------------------------------------------------------------------
def family_knn(args, rng, tmp) -> None:
    """KSG-1 MI. With --dims 1 (default) scikit-learn's mutual_info_regression computes the same
    estimator; the data are scaled to unit standard deviation (ddof 0) first, because scikit-learn
    rescales that way before its max-norm neighbour search (the max norm is not scale invariant)."""
    for n in args.sizes("knn", [10_000, 100_000]):
        d = args.dims
        x = rng.standard_normal((n, d))
        y = args.rho * x + math.sqrt(1 - args.rho ** 2) * rng.standard_normal((n, d))
        x /= x.std(axis=0)
        y /= y.std(axis=0)
        xp, yp = save(tmp, "x.npy", x), save(tmp, "y.npy", y)
        t = Table(f"KSG-1 mutual information, n = {n}, {d}+{d} dimensions, k = {args.k} (nats)")
        if n <= args.skip_oracle_above:
            v, s = timed(lambda: R.ksg_mi(x, y, k=args.k, algorithm=1, workers=args.workers))
            t.add(f"oracle scipy cKDTree w{args.workers}", float(v), s)
        if sklearn is not None and d == 1 and n <= args.skip_oracle_above:
            v, s = timed(lambda: float(mutual_info_regression(x, y[:, 0], n_neighbors=args.k, random_state=0)[0]))
            t.add(f"sklearn {sklearn.__version__}", v, s, "mutual_info_regression (adds 1e-10 noise, clips at 0)")
        elif sklearn is None:
            t.add("sklearn", "not installed", None)
        ours(args, t, ["mi", "--x", xp, "--y", yp, "--k", str(args.k)])
        t.print()


def family_kernel(args, rng, tmp) -> None:
    """HSIC, CKA, CS-QMI (rbf, streaming on our side; the oracle forms the n x n Gram matrices)
    and the matrix-based Renyi entropy and MI (exact eigenvalues on both sides; only up to
    --eigen-max)."""
    for n in args.sizes("kernel", [2000, 10_000]):
        d = args.kernel_dims
        x = rng.standard_normal((n, d))
        y = 0.5 * x[:, : max(1, d // 2)].repeat(2, axis=1)[:, :d] + rng.standard_normal((n, d))
        xp, yp = save(tmp, "x.npy", x), save(tmp, "y.npy", y)
        sx = R.sigma_median_cli(x, seed=0)
        sy = R.sigma_median_cli(y, seed=0)
        sig = ["--sigma", repr(sx), "--sigma-y", repr(sy)]
        gram = lambda: (R.rbf_gram(x, sx), R.rbf_gram(y, sy))  # noqa: E731
        cases = [
            ("HSIC biased rbf", lambda: R.hsic_biased(*gram()), ["hsic", "--kernel", "rbf"]),
            ("HSIC unbiased rbf", lambda: R.hsic_unbiased(*gram()), ["hsic", "--kernel", "rbf", "--estimator", "unbiased"]),
            ("CKA rbf", lambda: R.cka(*gram()), ["cka", "--kernel", "rbf"]),
            ("CKA linear", lambda: R.linear_cka(x, y), ["cka", "--kernel", "linear"]),
            ("CS-QMI", lambda: R.cs_qmi(*gram()), ["cs-qmi"]),
        ]
        if n <= args.eigen_max:
            cases += [
                ("Renyi entropy alpha 1.01 exact", lambda: R.matrix_renyi_entropy(R.rbf_gram(x, sx), 1.01),
                 ["renyi-entropy", "--method", "exact"]),
                ("Renyi MI alpha 1.01 exact", lambda: R.matrix_renyi_mi(*gram(), 1.01), ["renyi-mi", "--method", "exact"]),
            ]
        cases += [("Renyi MI alpha 2 (Frobenius)", lambda: R.matrix_renyi_mi(*gram(), 2.0),
                   ["renyi-mi", "--alpha", "2"])]
        if n > args.gram_max:  # no n x n matrices: HSIC only, against the oracle's formula in row blocks
            cases = cases[:1]
        for title, oracle, cmd in cases:
            unit = "nats" if title.startswith(("Renyi", "CS-QMI")) else "dimensionless"
            t = Table(f"{title}, n = {n}, d = {d}, sigma = median ({unit})")
            if n <= min(args.skip_oracle_above, args.gram_max):
                v, s = timed(oracle)
                t.add("oracle numpy", float(v), s)
            if title == "HSIC biased rbf" and n > args.gram_max:
                v, s, note = hsic_biased_blocked(x, y, sx, sy, args.blocked_sample)
                t.add("oracle numpy row blocks", v if v is not None else "timed part", s, note)
            uses_y = cmd[0] != "renyi-entropy"
            full = cmd + ["--x", xp] + (["--y", yp] if uses_y else [])
            full += (sig if uses_y else ["--sigma", repr(sx)]) if "linear" not in cmd else []
            ours(args, t, full)
            t.print()


def row_blocks(n: int, cols: int, sample: int) -> tuple:
    """(block, starts, timed) for a peer that works on blocks of rows against `cols` columns: the
    block size (about 2*10^6 pairs per block, 16 MB per temporary array: at n = 2*10^5 blocks of
    256 rows, 400 MB arrays, were twice as slow per pair), the first row of every block, and the
    blocks timed: all of them, or `sample` evenly spread ones when there are more."""
    block = max(4, min(256, 2_000_000 // cols))
    starts = list(range(0, n, block))
    timed = starts if len(starts) <= sample else [starts[i * len(starts) // sample] for i in range(sample)]
    return block, starts, timed


def hsic_biased_blocked(x, y, sx, sy, sample: int) -> tuple:
    """The oracle's biased HSIC, tr(KHLH) / (n-1)^2, without n x n matrices: K and L are formed
    one block of rows at a time (squared distances by the Gram identity, clipped at 0) and
    tr(KHLH) = sum K*L - (2/n) sum_i k_i l_i + (sum k)(sum l) / n^2 from the blocks' sums and row
    sums (k_i, l_i). Every block does the same work, so where there are more than `sample` blocks
    only `sample` of them, evenly spread, are timed and the time is scaled to all of them (no value
    then): (value or None, seconds, note). Blocks as row_blocks."""
    n = x.shape[0]
    block, starts, timed_starts = row_blocks(n, n, sample)
    nx, ny = np.einsum("ij,ij->i", x, x), np.einsum("ij,ij->i", y, y)
    kl, rk, rl = 0.0, np.zeros(n), np.zeros(n)
    t0 = time.perf_counter()
    for i0 in timed_starts:
        i1 = min(n, i0 + block)
        dx = np.maximum(nx[i0:i1, None] + nx[None, :] - 2.0 * (x[i0:i1] @ x.T), 0.0)
        dy = np.maximum(ny[i0:i1, None] + ny[None, :] - 2.0 * (y[i0:i1] @ y.T), 0.0)
        k = np.exp(dx * (-0.5 / (sx * sx)))
        l_ = np.exp(dy * (-0.5 / (sy * sy)))
        kl += float(np.sum(k * l_))
        rk[i0:i1], rl[i0:i1] = k.sum(axis=1), l_.sum(axis=1)
    secs = time.perf_counter() - t0
    if len(timed_starts) < len(starts):
        return None, secs * len(starts) / len(timed_starts), \
            f"{len(timed_starts)} of {len(starts)} row blocks timed, time scaled"
    tr = kl - 2.0 / n * float(rk @ rl) + float(rk.sum()) * float(rl.sum()) / (float(n) * n)
    return tr / ((n - 1.0) ** 2), secs, f"{len(starts)} row blocks of {block}"


def family_matrix(args, rng, tmp) -> None:
    """von Neumann entropy (cov and rbf), UNComp truncated entropy of a batch, DSE."""
    for n in args.sizes("matrix", [2000]):
        d = args.kernel_dims
        x = rng.standard_normal((n, d)) @ rng.standard_normal((d, d))
        xp = save(tmp, "x.npy", x)
        sx = R.sigma_median_cli(x, seed=0)
        cases = [
            ("von Neumann cov", lambda: R.von_neumann_entropy(x, "cov"), ["von-neumann", "--x", xp, "--kind", "cov"]),
            ("von Neumann rbf exact", lambda: R.von_neumann_entropy(x, "rbf", sigma=sx),
             ["von-neumann", "--x", xp, "--kind", "rbf", "--sigma", repr(sx)]),
            ("DSE sigma 10 t 1", lambda: R.dse(x, 10.0, 1), ["dse", "--x", xp]),
        ]
        for title, oracle, cmd in cases:
            t = Table(f"{title}, n = {n}, d = {d} (nats)")
            if n <= args.skip_oracle_above:
                v, s = timed(oracle)
                t.add("oracle numpy", float(v), s)
            ours(args, t, cmd)
            t.print()
    b, rows, d, rank = 32, 128, 128, 16
    batch = rng.standard_normal((b, rows, d))
    bp = save(tmp, "batch.npy", batch)
    t = Table(f"UNComp truncated entropy, batch {b} x {rows} x {d}, rank {rank}: mean over the batch")
    v, s = timed(lambda: float(np.mean([R.truncated_matrix_entropy(m, rank) for m in batch])))
    t.add("oracle numpy", v, s)
    for be in args.backends.split(","):
        out, err = run_cli(args, be, ["truncated-entropy", "--x", bp, "--rank", str(rank)])
        if out is None:
            t.add(f"infokernels {be}", "unavailable", None, err)
            continue
        vals = out.get("values") or out.get("value")
        mean = float(np.mean(vals)) if isinstance(vals, list) else float(vals)
        t.add(f"infokernels {out['backend']}", mean, float(out["seconds"]), f"{len(vals) if isinstance(vals, list) else 1} items")
    t.print()


def family_ot(args, rng, tmp) -> None:
    """Sinkhorn (POT sinkhorn2 with method sinkhorn_log is the same iteration and stopping rule:
    same value and iteration count) and the Sinkhorn divergence (POT's
    empirical_sinkhorn_divergence = our --variant pot; the oracle's feydy variant = our default)."""
    for n in args.sizes("ot", [5000]):
        d = args.ot_dims
        x = rng.standard_normal((n, d))
        y = rng.standard_normal((n, d)) + 0.5
        xp, yp = save(tmp, "x.npy", x), save(tmp, "y.npy", y)
        eps = R.epsilon_default_cli(x, y)
        a = np.full(n, 1.0 / n)

        t = Table(f"Sinkhorn <P,M>, n = m = {n}, d = {d}, eps = 0.1 x median cost = {eps:.6g}, tol 1e-9")
        t.tolerance = 1e-6
        if n <= args.skip_oracle_above:
            v, s = timed(lambda: R.sinkhorn_cli(x, y, eps))
            t.add("oracle numpy log-domain", float(v["value"]), s, f"{v['iterations']} iterations")
        if ot is not None and n <= args.skip_oracle_above:
            def pot_log():
                m = ot.dist(x, y)
                return ot.sinkhorn2(a, a, m, eps, method="sinkhorn_log", numItermax=1000, stopThr=1e-9, log=True)
            (v, log), s = timed(pot_log)
            t.add(f"POT {ot.__version__} sinkhorn_log", float(v), s, f"{log['niter'] + 1} iterations")

            def pot_knopp():
                m = ot.dist(x, y)
                return ot.sinkhorn2(a, a, m, eps, numItermax=1000, stopThr=1e-9, log=True)
            (v, log), s = timed(pot_knopp)
            t.add(f"POT {ot.__version__} sinkhorn", float(v), s, f"{log['niter'] + 1} iterations (scaling domain)")
        elif ot is None:
            t.add("POT", "not installed", None)
        ours(args, t, ["sinkhorn", "--x", xp, "--y", yp, "--epsilon", repr(eps)],
             lambda o: f"{o.get('iterations')} iterations")
        t.print()

        t = Table(f"Sinkhorn divergence, n = m = {n}, d = {d}, eps = {eps:.6g}, tol 1e-9")
        t.tolerance = 1e-5
        if n <= args.skip_oracle_above:
            v, s = timed(lambda: R.sinkhorn_divergence_cli(x, y, eps, "feydy"))
            t.add("oracle numpy feydy", float(v), s)
        ours(args, t, ["sinkhorn-divergence", "--x", xp, "--y", yp, "--epsilon", repr(eps)])
        if ot is not None and n <= args.skip_oracle_above:
            v, s = timed(lambda: float(ot.bregman.empirical_sinkhorn_divergence(x, y, eps, numIterMax=10000,
                                                                              stopThr=1e-9)))
            t.add(f"POT {ot.__version__} empirical_sd", v, s, "the pot variant: a different number")
            for b in args.backends.split(",")[:1]:  # the self terms need thousands of sweeps: first backend only
                out, err = run_cli(args, b, ["sinkhorn-divergence", "--x", xp, "--y", yp, "--epsilon", repr(eps),
                                             "--variant", "pot"])
                if out is not None:
                    t.add(f"infokernels {out['backend']} --variant pot", float(out["value"]), float(out["seconds"]),
                          f"vs POT {float(out['value']) - v:+.2e}")
        t.print()


def family_testing(args, rng, tmp) -> None:
    """Distance correlation (unbiased, as hyppo's Dcorr statistic) and the unbiased MMD² against
    hyppo's formulas in numpy (the oracle: n x n distance / Gram matrices), the HSIC p-value by
    the gamma null against 1 000 permutations, and the 1-D dCor of Huo & Székely at n = 10⁶
    (infokernels only: the oracle's n x n matrices would need 8 TB). --testing-rows picks among
    dcor, mmd, hsic-p and dcor-1d (the data are drawn in the same order whichever are run)."""
    rows = set(args.testing_rows.split(","))
    unknown = rows - {"dcor", "mmd", "hsic-p", "dcor-1d"}
    if unknown:
        raise SystemExit(f"--testing-rows: unknown {sorted(unknown)} (dcor, mmd, hsic-p, dcor-1d)")
    for n in args.sizes("testing", [10_000]):
        d = args.kernel_dims
        x = rng.standard_normal((n, d)) * 3.0 + 50.0
        y = 0.3 * x[:, ::-1] ** 2 / 100.0 + rng.standard_normal((n, d))
        xp, yp = save(tmp, "x.npy", x), save(tmp, "y.npy", y)
        if "dcor" in rows:
            t = Table(f"dCor (unbiased, squared form), n = {n}, d = {d} + {d} (dimensionless)")
            if n <= args.skip_oracle_above:
                v, s = best_of(args, lambda: R.dcor(x, y, unbiased=True))
                t.add("oracle numpy (hyppo's formula)", float(v), s)
            ours(args, t, ["dcor", "--x", xp, "--y", yp, "--estimator", "unbiased"])
            t.print()

        y2 = rng.standard_normal((n, d)) * 3.0 + 50.2
        y2p = save(tmp, "y2.npy", y2)
        sigma = 3.0 * math.sqrt(d)
        if "mmd" in rows:
            t = Table(f"MMD² unbiased, rbf sigma = {sigma:.6g}, n = m = {n}, d = {d} (dimensionless)")
            if n <= args.skip_oracle_above:
                v, s = best_of(args, lambda: R.mmd2_unbiased(x, y2, sigma))
                t.add("oracle numpy (hyppo's formula)", float(v), s)
            ours(args, t, ["mmd", "--x", xp, "--y", y2p, "--sigma", repr(sigma)])
            t.print()

        # HSIC p-value: weak dependence so that the p-value is neither 0 nor 1
        xw = rng.standard_normal((n, 2)) + 7.0
        yw = 0.02 * xw[:, :1] + rng.standard_normal((n, 1))
        xwp, ywp = save(tmp, "xw.npy", xw), save(tmp, "yw.npy", yw)
        if "hsic-p" in rows:
            t = Table(f"HSIC (rbf, median sigma) p-value, n = {n}, X 2-D, Y 1-D, weak dependence: value = p-value")
            t.tolerance = float("inf")
            for b in args.backends.split(","):
                for label, extra in (("gamma null", ["--null", "gamma"]),
                                     ("1000 permutations", ["--permutations", "1000", "--seed", "1"])):
                    out, err = run_cli(args, b, ["hsic", "--x", xwp, "--y", ywp] + extra)
                    if out is None:
                        t.add(f"infokernels {b} {label}", "unavailable", None, err)
                        continue
                    t.add(f"infokernels {out['backend']} {label}", float(out["p_value"]), float(out["seconds"]),
                          f"HSIC {float(out['value']):.6g}")
            t.print()

    if "dcor-1d" not in rows:
        return
    n1 = args.dcor_1d_n
    x = rng.standard_normal(n1) + 3.0
    y = np.sin(x) + 0.5 * rng.standard_normal(n1)
    xp, yp = save(tmp, "x1.npy", x[:, None]), save(tmp, "y1.npy", y[:, None])
    t = Table(f"dCor (unbiased), 1-D X and Y, n = {n1} (Huo & Székely O(n log n))")
    if n1 <= 20_000:
        v, s = timed(lambda: R.dcor(x[:, None], y[:, None], unbiased=True))
        t.add("oracle numpy (hyppo's formula)", float(v), s)
    ours(args, t, ["dcor", "--x", xp, "--y", yp, "--estimator", "unbiased"])
    t.print()


FAMILIES = {"knn": family_knn, "kernel": family_kernel, "matrix": family_matrix, "ot": family_ot,
            "testing": family_testing}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", default="all", help="knn, kernel, matrix, ot, testing or all (comma-separated)")
    ap.add_argument("--n", default="", help="comma-separated sample sizes (default per family)")
    ap.add_argument("--backends", default="cpu,java", help="comma-separated infokernels backends")
    ap.add_argument("--threads", type=int, default=0, help="infokernels --threads (0 = all cores)")
    ap.add_argument("--blas-threads", default="1", help="numpy's BLAS threads")
    ap.add_argument("--workers", type=int, default=2, help="scipy cKDTree workers")
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--dims", type=int, default=1, help="k-NN: dimension of X and of Y")
    ap.add_argument("--rho", type=float, default=0.6)
    ap.add_argument("--kernel-dims", type=int, default=10)
    ap.add_argument("--ot-dims", type=int, default=10)
    ap.add_argument("--eigen-max", type=int, default=4000, help="largest n for the exact Renyi rows")
    ap.add_argument("--skip-oracle-above", type=int, default=200_000,
                    help="no oracle/peer rows above this n (the oracle is O(n^2) memory for kernels and OT)")
    ap.add_argument("--gram-max", type=int, default=30_000,
                    help="kernel: largest n for the n x n oracle; above it HSIC only, in row blocks")
    ap.add_argument("--blocked-sample", type=int, default=64,
                    help="kernel: above --gram-max, row blocks timed (time scaled to all; all: no scaling)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--native-cli", default="", help="path of the native-image executable: adds its rows")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run our CLI (every family) and the testing family's numpy oracle this many times; "
                         "each row reports its least compute time")
    ap.add_argument("--testing-rows", default="dcor,mmd,hsic-p,dcor-1d",
                    help="testing family: the rows to run (comma-separated from dcor, mmd, hsic-p, dcor-1d)")
    ap.add_argument("--dcor-1d-n", type=int, default=1_000_000, help="testing: n of the 1-D dCor row")
    args = ap.parse_args()
    given = [int(v) for v in args.n.split(",") if v]
    args.sizes = lambda fam, default: given or default
    if not os.path.exists(JAR):
        print(f"missing {JAR}: build it with `mvn -B -q package -DskipTests`", file=sys.stderr)
        return 2
    fams = list(FAMILIES) if args.family == "all" else args.family.split(",")
    print(f"# infokernels peers; numpy {np.__version__}, scipy {__import__('scipy').__version__}, "
          f"scikit-learn {sklearn.__version__ if sklearn else 'not installed'}, "
          f"POT {ot.__version__ if ot else 'not installed'}; numpy BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}, "
          f"{os.cpu_count()} cores" + (f"; best of {args.repeat} runs" if args.repeat > 1 else ""))
    print("# ratio columns: the peer's compute time / infokernels' compute time (> 1: infokernels is faster)")
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        for f in fams:
            if f not in FAMILIES:
                print(f"unknown family {f!r}; one of {', '.join(FAMILIES)}", file=sys.stderr)
                return 2
            FAMILIES[f](args, rng, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
