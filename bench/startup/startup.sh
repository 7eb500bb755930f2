#!/usr/bin/env bash
# Where the CLI's start-up time goes, measured part by part (median of R runs, whole process, wall
# clock), with and without an application class-data-sharing (AppCDS) archive for this JDK:
#
#   bench/startup/startup.sh [runs]            (after mvn -B -q install -DskipTests)
#
#   jvm        a class with an empty main on the same JVM (JVM start and exit)
#   help       `--help`: the jar, picocli and the command classes, no native code
#   mi java    `mi` on 2 000 rows with --backend java: reading, estimating, JSON
#   mi cpu     the same with --backend cpu: plus JavaCPP and the native libraries
#   mi auto    the default backend: plus the CUDA probe
# Each row with -XX:SharedArchiveFile (AppCDS, archive made by -XX:ArchiveClassesAtExit from one run
# of `mi --backend cpu`) beside it. The archive is JDK-build specific, so it is made here, not shipped.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$repo/java/target/infokernels.jar"
runs="${1:-7}"
[[ -f "$jar" ]] || { echo "startup.sh: $jar missing: run mvn -B -q install -DskipTests first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1
cat > "$work/Empty.java" <<'J'
public class Empty { public static void main(String[] a) {} }
J
javac -d "$work" "$work/Empty.java"
python3 - "$work/s.npy" <<'PY'
import sys, numpy as np
r = np.random.default_rng(0); x = r.standard_normal((2000, 2))
np.save(sys.argv[1], np.column_stack([5 + x[:, 0], -3 + 0.6 * x[:, 0] + 0.8 * x[:, 1]]))
PY
mi=(mi --x "$work/s.npy" --x-cols 0 --y "$work/s.npy" --y-cols 1 --format json)
java -XX:ArchiveClassesAtExit="$work/ik.jsa" -jar "$jar" "${mi[@]}" --backend cpu >/dev/null 2>"$work/cds.log"
cds=(-XX:SharedArchiveFile="$work/ik.jsa")

median() {  # runs the command R times, prints the median wall time in seconds
  local ts=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    ts+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}'
}

echo "# infokernels start-up, $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), median of $runs, $(date -u +%F)"
printf '%-10s %10s %10s\n' part "plain s" "AppCDS s"
printf '%-10s %10s %10s\n' jvm "$(median java -cp "$work" Empty)" "-"
printf '%-10s %10s %10s\n' help "$(median java -jar "$jar" --help)" "$(median java "${cds[@]}" -jar "$jar" --help)"
for b in java cpu auto; do
  extra=(); [[ $b != auto ]] && extra=(--backend "$b")
  printf '%-10s %10s %10s\n' "mi $b" "$(median java -jar "$jar" "${mi[@]}" "${extra[@]}")" \
    "$(median java "${cds[@]}" -jar "$jar" "${mi[@]}" "${extra[@]}")"
done
echo "# compute seconds reported by mi (cpu): $(java -jar "$jar" "${mi[@]}" --backend cpu | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')"
echo "# AppCDS archive: $(du -k "$work/ik.jsa" | cut -f1) KiB"
