#!/usr/bin/env bash
# Side-by-side benchmark and cross-check against JIDT (jlizier/jidt), which the project does not
# depend on: give the path of a JIDT source checkout (its java/source folder is compiled with plain
# javac into a cache folder, once per commit). Without a path the script says so and exits 0.
#
#   bench/peers/jidt.sh /path/to/jidt [threads] [n ...]     (after mvn -B -q install -DskipTests)
#
# Prints compute times (best of 2, same JVM) of JIDT's TransferEntropyCalculatorKraskov and
# ActiveInfoStorageCalculatorKraskov (KSG 1, NORMALISE=false, no noise, NUM_THREADS = threads)
# beside infokernels on the cpu and java backends, the ratios, and the largest difference of the
# values (must be below 1e-9 relative), then whole-process times of the two CLIs.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
src="${1:-}"
if [[ -z "$src" || ! -d "$src/java/source" ]]; then
  echo "jidt.sh: no JIDT source given (a checkout of github.com/jlizier/jidt with java/source); skipped"
  exit 0
fi
shift
threads="${1:-2}"; shift || true
jar="$repo/java/target/infokernels.jar"
[[ -f "$jar" ]] || { echo "jidt.sh: $jar missing: run mvn -B -q install -DskipTests first" >&2; exit 1; }
rev="$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/infokernels/jidt-$rev"
if [[ ! -f "$cache/.built" ]]; then
  mkdir -p "$cache/classes"
  find "$src/java/source" -name '*.java' > "$cache/sources.txt"
  javac -nowarn -encoding UTF-8 -d "$cache/classes" @"$cache/sources.txt" 2>/dev/null
  touch "$cache/.built"
fi
# JIDT's MathsUtils tabulates psi(d) for d < 10^4 from EULER_MASCHERONI_CONSTANT = 0.5772156 (7
# digits), so each tabulated psi is 6.49e-8 too large (above 10^4 it uses commons-math's psi,
# which is exact). The errors cancel in CMI/TE sums while every count is below 10^4, but not in
# MI/AIS at N >= 10^4 or where a count reaches 10^4. For the value check we compile MathsUtils
# once more with the constant to double precision (timings do not depend on it) and put it first
# on the class path; README "Time series" gives the difference against JIDT as shipped.
if [[ ! -f "$cache/exact-gamma/.built" ]]; then
  mkdir -p "$cache/exact-gamma/src"
  sed 's/EULER_MASCHERONI_CONSTANT = 0\.5772156;/EULER_MASCHERONI_CONSTANT = 0.5772156649015329;/' \
    "$src/java/source/infodynamics/utils/MathsUtils.java" > "$cache/exact-gamma/src/MathsUtils.java"
  grep -q '0.5772156649015329' "$cache/exact-gamma/src/MathsUtils.java" \
    || { echo "jidt.sh: JIDT's MathsUtils no longer has the 7-digit constant; check the value comparison" >&2; exit 1; }
  javac -nowarn -encoding UTF-8 -cp "$cache/classes" -d "$cache/exact-gamma" "$cache/exact-gamma/src/MathsUtils.java" 2>/dev/null
  touch "$cache/exact-gamma/.built"
fi
jcp="$cache/exact-gamma:$cache/classes"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -cp "$cache/classes:$jar" -d "$work" "$repo/bench/peers/jidt/JidtPeer.java"
echo "# JIDT $rev ($src; MathsUtils with the exact Euler-Mascheroni constant), infokernels $(java -jar "$jar" --version | head -1), $(nproc) cores, $(date -u +%F)"
java -cp "$jcp:$jar:$work" JidtPeer "$threads" "$@"

# whole process (JVM start included), same CSV for both, TE k = 1 and 3
javac -cp "$cache/classes" -d "$work" "$repo/bench/peers/jidt/JidtOnce.java"
printf '%-26s %8s %10s %10s %9s\n' "whole process" n jidt_s cli_s jidt/cli
for n in "${@:-10000 100000}"; do
  python3 - "$n" "$work/ts-$n.csv" <<'PY'
import sys, numpy as np
n = int(sys.argv[1]); r = np.random.default_rng(n); x = np.zeros(n + 100); y = np.zeros(n + 100)
for t in range(1, n + 100):
    y[t] = 0.7 * y[t-1] + r.standard_normal(); x[t] = 0.5 * x[t-1] + 0.4 * y[t-1] + r.standard_normal()
np.savetxt(sys.argv[2], np.column_stack([y[100:], x[100:]]), delimiter=",")
PY
  for k in 1 3; do
    t0=$(date +%s.%N); jv=$(java -cp "$jcp:$work" JidtOnce "$work/ts-$n.csv" "$k" "$threads"); t1=$(date +%s.%N)
    ov=$(java -jar "$jar" transfer-entropy --source "$work/ts-$n.csv" --source-cols 0 --target "$work/ts-$n.csv" \
         --target-cols 1 --target-history "$k" --threads "$threads" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"])')
    t2=$(date +%s.%N)
    python3 - "TE k=$k l=1" "$n" "$t0" "$t1" "$t2" "$jv" "$ov" <<'PY'
import sys
name, n, t0, t1, t2, jv, ov = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:6]), float(sys.argv[6]), float(sys.argv[7])
j, c = t1 - t0, t2 - t1
print(f"{name:<26} {n:>8} {j:10.2f} {c:10.2f} {j / c:9.1f}  values {jv:.12f} {ov:.12f} (diff {abs(jv - ov):.1e})")
PY
  done
done
