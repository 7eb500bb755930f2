#!/usr/bin/env python3
"""Runs the CLI's golden cases and error cases through the native executable (standard library only).

- every case of golden.json on the java and cpu backends (as GoldenCliTest does on the JVM): exit 0,
  one line of JSON, the measure and the backend that ran, the value within the case's tolerance;
- `--backend auto` (cuda falls back as on the JVM) and `--backend cuda` (usable only with a GPU; else
  the same one-line error as the JVM's);
- the error cases: exit 2 and exactly one line `infokernels: error: ...` on stderr, identical to what
  the JVM CLI (`java -jar infokernels.jar`) prints for the same command;
- --help, mi --help and --version: exit 0 and the same text as the JVM's (--version: the same lines
  but the path of the loaded library);
- --plot (pairwise heat map, network drawing): the native executable draws the same pixels as the JVM;
  a label that needs complex text layout is refused by it (exit 2, one line) and drawn by the JVM.
Any mismatch, crash (exit status other than 0/1/2, a signal) or time-out fails (exit 1).
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

PATH_OPTIONS = {"--x", "--y", "--z", "--labels", "--permutation", "--a", "--b", "--source", "--target",
                "--conditional"}


def run(cmd, timeout=300):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %d s" % timeout, timeout
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


def write_npy(path, rows, dtype="<f8"):
    """a 2-D float64 .npy (or a raw header with another dtype) without numpy"""
    ncols = len(rows[0]) if rows else 0
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }" % (dtype, len(rows), ncols)
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        for r in rows:
            for v in r:
                f.write(struct.pack("<d", v))


def png_pixels(path):
    """(width, height, colour type, the decompressed image data) of a PNG, or None"""
    import zlib
    with open(path, "rb") as f:
        b = f.read()
    if b[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    at, head, idat = 8, None, b""
    while at + 8 <= len(b):
        size, kind = struct.unpack(">I4s", b[at:at + 8])
        body = b[at + 8:at + 8 + size]
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
            head = (w, h, colour)
        elif kind == b"IDAT":
            idat += body
        at += 12 + size
    try:
        return head + (zlib.decompress(idat),) if head else None
    except zlib.error:
        return None


def error_cases(tmp):
    """command lines that must fail with exit 2 and one error line (cf. MainTest)"""
    def p(name):
        return os.path.join(tmp, name)
    x = [[(i * 37 % 101) / 7.0 + 3.0, (i * 53 % 89) / 3.0 - 20.0] for i in range(120)]
    y = [[(i * 61 % 97) / 5.0 + 100.0] for i in range(120)]
    write_npy(p("x.npy"), x)
    write_npy(p("y.npy"), y)
    write_npy(p("y119.npy"), y[:119])
    write_npy(p("dup.npy"), [[1.0, 2.0]] * 5 + x[:20])
    with open(p("nan.csv"), "w") as f:
        f.write("a,b\n1,2\n3,4\n5,NaN\n7,8\n")
    with open(p("ragged.csv"), "w") as f:
        f.write("1,2,3\n4,5\n")
    with open(p("words.csv"), "w") as f:
        f.write("1,2\n3,abc\n")
    with open(p("empty.csv"), "w") as f:
        pass
    with open(p("garbage.npy"), "wb") as f:
        f.write(b"not a numpy file at all")
    with open(p("x.npy"), "rb") as src, open(p("cut.npy"), "wb") as dst:
        dst.write(src.read()[:200])
    X, Y = p("x.npy"), p("y.npy")
    return [
        ["entropy", "--x", p("nothere.npy")],
        ["entropy", "--x", tmp],
        ["entropy", "--x", p("empty.csv")],
        ["entropy", "--x", p("ragged.csv")],
        ["entropy", "--x", p("words.csv")],
        ["entropy", "--x", p("nan.csv")],
        ["entropy", "--x", p("garbage.npy")],
        ["entropy", "--x", p("cut.npy")],
        ["entropy", "--x", p("dup.npy"), "--backend", "java"],
        ["entropy", "--x", p("dup.npy"), "--backend", "cpu"],
        ["mi", "--x", X, "--y", p("y119.npy")],
        ["entropy", "--x", X, "--k", "0"],
        ["entropy", "--x", X, "--k", "120", "--backend", "cpu"],
        ["entropy", "--x", X, "--k", "three"],
        ["frobnicate", "--x", X],
        ["entropy", "--x", X, "--kk", "3"],
        ["mi", "--x", X, "--y", Y, "--bogus=1"],
        ["--frobnicate"],
        ["entropy", "--x", X, "stray"],
        ["entropy", "--x", X, "--backend", "gpu"],
        ["entropy", "--x", X, "--norm", "manhattan"],
        ["entropy", "--x", X, "--permutations", "10"],
        ["entropy", "--x", X, "--jitter", "NaN"],
        ["entropy", "--x", X, "--precision", "float"],
        ["mi", "--x", X],
        ["entropy", "--x", X, "--k", "1", "--k", "2"],
        ["sinkhorn", "--x", X, "--y", X, "--epsilon", "-1"],
        ["hsic", "--x", X, "--y", p("y119.npy"), "--backend", "cpu"],
        [],
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--native", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--java", default=shutil.which("java") or "java")
    ap.add_argument("--backends", default="java,cpu")
    a = ap.parse_args()
    native = [a.native]
    jvm = [a.java, "-jar", a.jar]
    failures = []
    counts = {"passed": 0}

    def fail(what, msg):
        failures.append("%s: %s" % (what, msg))
        print("FAIL %s: %s" % (what, msg), flush=True)

    def crashed(code):
        return code is None or code not in (0, 1, 2)

    # golden cases
    with open(os.path.join(a.golden, "golden.json")) as f:
        cases = json.load(f)
    t_all = time.monotonic()
    for backend in a.backends.split(","):
        for c in cases:
            cmd = list(c["cmd"])
            args = [os.path.join(a.golden, v) if i > 0 and cmd[i - 1] in PATH_OPTIONS else v
                    for i, v in enumerate(cmd)]
            what = "golden %s [%s]" % (c["id"], backend)
            code, out, err, _ = run(native + args + ["--format", "json", "--backend", backend])
            if code != 0:
                fail(what, "exit %s: %s" % (code, err.strip()[-400:]))
                continue
            lines = out.strip().splitlines()
            if len(lines) != 1:
                fail(what, "not one line of JSON: %r" % out[:400])
                continue
            o = json.loads(lines[0])
            expected_backend = "java" if o.get("method") == "feature-space" else backend
            if o.get("measure") != cmd[0] or o.get("backend") != expected_backend:
                fail(what, "measure/backend %s/%s" % (o.get("measure"), o.get("backend")))
                continue
            if c.get("stochastic") and c.get("tolerance") is not None:
                tol = c["tolerance"]
            else:
                tol = (c.get("rtol") or 1e-9) * abs(c["value"])
            if not abs(o["value"] - c["value"]) <= tol:
                fail(what, "value %r, golden %r (tolerance %g)" % (o["value"], c["value"], tol))
                continue
            counts["passed"] += 1
    print("native-image check: %d golden runs in %.1f s" % (len(cases) * len(a.backends.split(",")),
                                                           time.monotonic() - t_all), flush=True)

    gdir = a.golden
    sample = ["mi", "--x", os.path.join(gdir, "data", "ksg_d2_x.npy"), "--y", os.path.join(gdir, "data", "ksg_d2_y.npy")]
    if not os.path.exists(sample[2]):
        c0 = next(c for c in cases if c["cmd"][0] == "mi")
        sample = [os.path.join(gdir, v) if i > 0 and c0["cmd"][i - 1] in PATH_OPTIONS else v
                  for i, v in enumerate(c0["cmd"])]

    # auto (cuda falls back as on the JVM) and cuda (same error as the JVM's where no GPU is usable)
    for backend in ("auto", "cuda"):
        what = "backend %s" % backend
        n = run(native + sample + ["--format", "json", "--backend", backend])
        j = run(jvm + sample + ["--format", "json", "--backend", backend])
        if crashed(n[0]) or n[0] != j[0]:
            fail(what, "exit %s, JVM %s: %s" % (n[0], j[0], n[2].strip()))
        elif n[0] == 0:
            on, oj = json.loads(n[1]), json.loads(j[1])
            if on["backend"] != oj["backend"] or abs(on["value"] - oj["value"]) > 1e-9 * abs(oj["value"]):
                fail(what, "native %s/%r, JVM %s/%r" % (on["backend"], on["value"], oj["backend"], oj["value"]))
            else:
                counts["passed"] += 1
        elif n[2] != j[2]:
            fail(what, "stderr differs: native %r, JVM %r" % (n[2], j[2]))
        else:
            counts["passed"] += 1

    # error cases: identical to the JVM's
    tmp = tempfile.mkdtemp(prefix="ik-native-check-")
    try:
        for cmd in error_cases(tmp):
            what = "error case %s" % " ".join(os.path.basename(v) for v in cmd)
            n = run(native + cmd)
            j = run(jvm + cmd)
            if crashed(n[0]):
                fail(what, "crashed: exit %s: %s" % (n[0], n[2].strip()[-400:]))
            elif n[0] != 2 or j[0] != 2:
                fail(what, "exit %s (JVM %s), expected 2: %s" % (n[0], j[0], n[2].strip()))
            elif n[2] != j[2] or n[1] != j[1]:
                fail(what, "output differs:\n  native %r\n  JVM    %r" % (n[2], j[2]))
            elif len(n[2].splitlines()) != 1 or not n[2].startswith("infokernels: error: "):
                fail(what, "not one error line: %r" % n[2])
            else:
                counts["passed"] += 1
        # --plot: the native executable draws the same picture as the JVM (same pixels: the PNGs'
        # decompressed image data are compared), with java.awt's native half from the linked JDK
        for sub, extra in (("pairwise", ["--measure", "hsic"]), ("network", ["--max-lag", "1"])):
            what = "%s --plot" % sub
            pngs = [os.path.join(tmp, "%s-%s.png" % (sub, who)) for who in ("native", "jvm")]
            data = os.path.join(tmp, "x.npy") if sub == "pairwise" else os.path.join(tmp, "series.npy")
            if sub == "network":
                write_npy(data, [[((t * 37) % 101) / 7.0, ((t * 53) % 89) / 3.0] for t in range(200)])
            n = run(native + [sub, "--x", data] + extra + ["--plot", pngs[0]])
            j = run(jvm + [sub, "--x", data] + extra + ["--plot", pngs[1]])
            if crashed(n[0]):
                fail(what, "crashed: exit %s: %s" % (n[0], n[2].strip()[-400:]))
            elif n[0] != 0 or not os.path.exists(pngs[0]):
                fail(what, "the native executable did not draw it: exit %s: %s" % (n[0], n[2].strip()[-400:]))
            elif j[0] != 0 or not os.path.exists(pngs[1]):
                fail(what, "the JVM CLI did not draw it: exit %s: %s" % (j[0], j[2].strip()[-400:]))
            else:
                pn, pj = png_pixels(pngs[0]), png_pixels(pngs[1])
                if pn is None or pn != pj:
                    fail(what, "the native picture differs from the JVM's: %s vs %s" % (
                        pn[:2] if pn else "not a PNG", pj[:2] if pj else "not a PNG"))
                else:
                    counts["passed"] += 1
        # labels that need complex text layout (HarfBuzz through java.lang.foreign, not in the image):
        # refused by the native executable before any work, drawn by the JVM
        what = "pairwise --plot, an Arabic label"
        csv = os.path.join(tmp, "arabic.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write("alpha,\u0639\u0631\u0628\u064a\n")
            f.write("".join("%r,%r\n" % (((t * 37) % 101) / 7.0, ((t * 53) % 89) / 3.0) for t in range(60)))
        pngs = [os.path.join(tmp, "arabic-%s.png" % who) for who in ("native", "jvm")]
        n = run(native + ["pairwise", "--x", csv, "--measure", "hsic", "--plot", pngs[0]])
        j = run(jvm + ["pairwise", "--x", csv, "--measure", "hsic", "--plot", pngs[1]])
        if n[0] != 2 or len(n[2].splitlines()) != 1 or not n[2].startswith("infokernels: error: --plot ") \
                or "complex text layout" not in n[2]:
            fail(what, "expected exit 2 and one '--plot' error line, got exit %s: %r" % (n[0], n[2][-400:]))
        elif os.path.exists(pngs[0]) or n[1]:
            fail(what, "the native executable refused the picture but wrote output")
        elif j[0] != 0 or not os.path.exists(pngs[1]):
            fail(what, "the JVM CLI did not draw it: exit %s: %s" % (j[0], j[2].strip()[-400:]))
        else:
            counts["passed"] += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # help and version
    for cmd in (["--help"], ["mi", "--help"], ["sinkhorn", "--help"], ["--version"]):
        what = " ".join(cmd)
        n = run(native + cmd)
        j = run(jvm + cmd)
        if n[0] != 0 or j[0] != 0:
            fail(what, "exit %s (JVM %s): %s" % (n[0], j[0], n[2].strip()))
            continue
        nl, jl = n[1].splitlines(), j[1].splitlines()
        if cmd == ["--version"]:
            # the loaded library's path differs (the JVM's cache vs the image's); the verdicts must not
            def verdicts(lines):
                return [l.split(" (")[0] for l in lines]
            nl, jl = verdicts(nl), verdicts(jl)
        if nl != jl:
            fail(what, "differs from the JVM's:\n  native %r\n  JVM    %r" % (n[1][:600], j[1][:600]))
        else:
            counts["passed"] += 1

    total = counts["passed"] + len(failures)
    print("native-image check: %d passed, %d failed" % (counts["passed"], len(failures)), flush=True)
    if failures:
        for f in failures:
            print("  " + f)
        return 1
    return 0 if total > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
