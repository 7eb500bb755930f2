#!/usr/bin/env bash
# slq.sh -- accuracy and wall time of the matrix-free SLQ spectral estimates against the exact
# eigensolver, through the CLI, on seeded data (x[:, c] ~ N(0, (1 + c)^2), d = 10, numpy seed 20261204).
#
#   bench/slq.sh [--large] [--seeds K]   # writes its report to stdout; bench/results/slq.txt is one run
#
# n = 4000: exact (LAPACK dsyevd on cpu) against SLQ for the Renyi entropy (alpha 1.01, median sigma),
# von Neumann rbf and DSE (sigma 10, t 1); SLQ over K seeds at the exact run's sigma (default 8) gives the mean error, the
# spread of the estimates and the mean reported std_error. --large adds SLQ Renyi entropy at
# n = 2e4 and 1e5 with the wall time of the whole CLI run (JVM start included) and its peak memory.
# Needs the built jar (mvn -B -q install -DskipTests) and python3 with numpy. Timing is not a test:
# do not run it next to a build.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=java/target/infokernels.jar
SEEDS=8
LARGE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --large) LARGE=1 ;;
    --seeds) SEEDS="$2"; shift ;;
    *) echo "usage: $0 [--large] [--seeds K]" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -B -q install -DskipTests" >&2; exit 2; }
PY=$(command -v /usr/bin/python3 || command -v python3)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

data() {  # data N -> $TMP/x_N.npy
  "$PY" - "$1" "$TMP/x_$1.npy" <<'EOF'
import sys
import numpy as np
n = int(sys.argv[1])
rng = np.random.default_rng(20261204)
x = rng.standard_normal((n, 10)) * (1.0 + np.arange(10))
np.save(sys.argv[2], x)
EOF
}

field() {  # field JSON NAME
  "$PY" -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(v if v is not None else "-")' "$1" "$2"
}

compare() {  # compare LABEL N ARGS... : exact once, SLQ over SEEDS seeds at the exact run's sigma
  local label=$1 n=$2
  shift 2
  local exact sigma
  exact=$(java -jar "$JAR" "$@" --x "$TMP/x_$n.npy" --backend cpu --method exact --format json)
  sigma=$(field "$exact" sigma_x)
  local values=() errors=() quad=() steps=() seconds=()
  for s in $(seq 1 "$SEEDS"); do
    local o
    o=$(java -jar "$JAR" "$@" --sigma "$sigma" --x "$TMP/x_$n.npy" --backend cpu --method slq --seed "$s" --format json)
    values+=("$(field "$o" value)")
    errors+=("$(field "$o" std_error)")
    quad+=("$(field "$o" quadrature_error)")
    steps+=("$(field "$o" lanczos_steps)")
    seconds+=("$(field "$o" seconds)")
  done
  "$PY" - "$label" "$n" "$(field "$exact" value)" "$(field "$exact" seconds)" "${values[*]}" "${errors[*]}" \
    "${quad[*]}" "${steps[*]}" "${seconds[*]}" <<'EOF'
import sys
import numpy as np
label, n, exact, t_exact = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
v, e, q, s, t = (np.array(a.split(), dtype=float) for a in sys.argv[5:10])
err = v - exact
print(f"{label:<22} n={n:<5} exact {exact:.6f}  SLQ: mean err {err.mean():+.1e}  spread {v.std(ddof=1):.1e}"
      f"  rms err {np.sqrt((err ** 2).mean()):.1e}  mean std_error {e.mean():.1e}  mean quadrature_error {q.mean():.1e}"
      f"  steps {s.min():.0f}-{s.max():.0f}  time exact {t_exact:.1f} s / SLQ {t.mean():.1f} s  ({len(v)} seeds)")
EOF
}

echo "# bench/slq.sh, $(date -u +%Y-%m-%d), cpu backend, $(nproc) cores; SLQ defaults unless stated"
data 4000
compare "renyi-entropy a=1.01" 4000 renyi-entropy
compare "von-neumann rbf" 4000 von-neumann --kind rbf
compare "dse sigma=10 t=1" 4000 dse
if [ "$LARGE" = 1 ]; then
  for n in 20000 100000; do
    data "$n"
    /usr/bin/time -v java -jar "$JAR" renyi-entropy --x "$TMP/x_$n.npy" --backend cpu --method slq --format json \
      2> "$TMP/time.txt"
    grep -E "Elapsed|Maximum resident" "$TMP/time.txt"
  done
fi
