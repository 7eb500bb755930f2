#!/usr/bin/env bash
# Coverage-guided fuzzing of the input readers (npy, text tables, the npy header's Python literal,
# column specs) with Jazzer, longer than the 20 s per target that `mvn -B verify` runs:
#   ci/fuzz.sh [ROUNDS]     (default 5: 5 x 20 s per target; the corpus grows in java/.cifuzz-corpus)
# A finding is written to java/src/test/resources/org/infokernels/io/ReaderFuzzTestInputs/<target>/
# and from then on replayed by every test run: fix the reader, keep the file.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
mvn -B -q -o -Dik.cuda=OFF -DskipTests install >/dev/null
for target in npy table pythonLiteral columnSpec; do
  for ((r = 1; r <= rounds; r++)); do
    echo "== $target, round $r of $rounds"
    (cd java && JAZZER_FUZZ=1 mvn -B -o test -Dtest="ReaderFuzzTest#$target" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dik.fuzz.skip=true 2>&1 | grep -E "DONE|Finding|Tests run:" | tail -3)
  done
done
