#!/usr/bin/env bash
# BMI external-estimator adapter for infokernels' KSG mutual information.
#
# Protocol of the BMI benchmark (github.com/cbg-ethz/bmi, docs/benchmarking-new-estimator.md and
# src/bmi/estimators/external/external_estimator.py; Czyz et al., NeurIPS 2023): the command gets
#   FILE DIM_X DIM_Y [hyperparameters]
# where FILE is a CSV with a header row (X0..X{dx-1}, Y0..Y{dy-1}) and one sample per row, and must
# print exactly one number, the MI estimate in nats, on stdout. BMI reads stdout AND stderr merged
# (subprocess.check_output(..., stderr=STDOUT)), so this script keeps the CLI's warnings off both on
# success; on failure it prints the CLI's one-line error on stderr and exits with its status (2 for
# bad input).
#
# Usage: bmi-adapter.sh FILE DIM_X DIM_Y [--k 5] [--estimator ksg1|ksg2] [any other `infokernels mi` option]
# Default k = 5 and ksg1: the paper's KSG (R rmi KSG1, k = 5).
# Environment: INFOKERNELS_JAR (default java/target/infokernels.jar of this checkout), JAVA (default java).
set -euo pipefail
if [[ $# -lt 3 ]]; then
  echo "usage: bmi-adapter.sh FILE DIM_X DIM_Y [--k K] [--estimator ksg1|ksg2] [infokernels mi options]" >&2
  exit 2
fi
file="$1"; dx="$2"; dy="$3"; shift 3
if ! [[ "$dx" =~ ^[1-9][0-9]*$ && "$dy" =~ ^[1-9][0-9]*$ ]]; then
  echo "bmi-adapter.sh: error: DIM_X and DIM_Y must be positive integers (got '$dx', '$dy')" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${INFOKERNELS_JAR:-$root/java/target/infokernels.jar}"
k=5
estimator=ksg1
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --k) k="$2"; shift 2 ;;
    --neighbors) k="$2"; shift 2 ;;   # the name BMI's R and Julia wrappers use
    --estimator) estimator="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
err="$(mktemp)"
trap 'rm -f "$err"' EXIT
set +e
out="$("${JAVA:-java}" -jar "$jar" mi --x "$file" --x-cols "0-$((dx - 1))" \
  --y "$file" --y-cols "$dx-$((dx + dy - 1))" --k "$k" --estimator "$estimator" --format json \
  ${extra[@]+"${extra[@]}"} 2>"$err")"
rc=$?
set -e
if [[ $rc -ne 0 ]]; then
  cat "$err" >&2
  exit "$rc"
fi
value="$(printf '%s\n' "$out" | sed -n 's/.*"value":\([-+0-9.eE]*\).*/\1/p')"
if [[ -z "$value" ]]; then
  echo "bmi-adapter.sh: error: no value in the CLI's output: $out" >&2
  exit 1
fi
printf '%s\n' "$value"
