#!/usr/bin/env bash
# Accuracy of infokernels' KSG on the 40 ground-truth tasks of the BMI benchmark
# (Czyz et al., "Beyond Normal: On the Evaluation of Mutual Information Estimators", NeurIPS 2023).
# Writes bench/accuracy/results.csv (one row per task and seed) and bench/accuracy/results.md (the
# per-task table). Options go to org.infokernels.bench.accuracy.AccuracyBenchmark:
#   --n 5000 --seeds 10 --k 5 --ci 0.95 --tasks REGEX --threads 0 --backend auto --csv FILE --md FILE
#   --ci-full-dims D --ci-seeds S (interval on S seeds only for tasks of more than D columns)
#   --summarize CSV (only the table, from an earlier CSV)
#   --dump DIR (only write the samples, raw float64, with DIR/manifest.csv: for bench/accuracy/rmi-ksg.R)
#   --peer CSV [--peer-label L] (task_id,seed,estimate of another estimator on the same samples: its mean
#     and the largest per-seed difference from ours become two more columns of the table)
# The committed results were made with: --ci-full-dims 10 --ci-seeds 2 (all else default); the paper's KSG
# beside them (bench/accuracy/results-rmi.csv) with --dump /tmp/bmi and
#   Rscript bench/accuracy/rmi-ksg.R /tmp/bmi/manifest.csv bench/accuracy/results-rmi.csv
# and the table with --summarize bench/accuracy/results.csv --peer bench/accuracy/results-rmi.csv.
# Build first (root): mvn -B -q -o -Dik.cuda=OFF -DskipTests package
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "run.sh: $jar is missing; build with: mvn -B -q -o -Dik.cuda=OFF -DskipTests package" >&2
  exit 2
fi
cd "$root"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
exec "${JAVA:-java}" ${JAVA_OPTS:-} -cp "$jar" org.infokernels.bench.accuracy.AccuracyBenchmark "$@"
