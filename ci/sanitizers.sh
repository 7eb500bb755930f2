#!/usr/bin/env bash
# sanitizers.sh -- the native library and its ctest programs under gcc's sanitizers (CMake alone: no
# JDK, no Maven, no CUDA needed):
#   asan  -DIK_SANITIZE=address,undefined: every native ctest (skips, exit 77, count as skips:
#         the cuda tests without a GPU); AddressSanitizer (with LeakSanitizer) + UBSan, every
#         report fatal, so "reports: 0" means every test passed
#   tsan  -DIK_SANITIZE=thread: the tests of the multi-threaded cpu kernels (k-NN, pair engine,
#         OT, batched eigen, concurrent LAPACK callers, C ABI argument test)
# Our code has no suppression; native/test/sanitizers/*.supp covers OpenBLAS only (uninstrumented,
# see the files). Exit status 0 only when every step passed.
#
#   ci/sanitizers.sh [asan|tsan|all] [options]      (default: all)
#     --build-root DIR    build directories DIR/asan, DIR/tsan (default: <repo>/target/sanitizers)
#     --openblas-dir DIR  unpacked org.bytedeco:openblas linux-x86_64 directory for the LAPACK entries
#                         (default: $OPENBLAS_DIR, else bindings/target/deps/... after a Maven build,
#                         else the platform jar from ~/.m2 unpacked into the build root, else none:
#                         the eigen tests then skip, visibly)
#     --jobs J            parallel build jobs (default: nproc)
#     -h, --help
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what=all
build_root="$repo/target/sanitizers"
openblas_dir="${OPENBLAS_DIR:-}"
jobs="$(nproc 2>/dev/null || echo 2)"

usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    asan|tsan|all) what="$1" ;;
    --build-root) build_root="${2:?--build-root needs a value}"; shift ;;
    --openblas-dir) openblas_dir="${2:?--openblas-dir needs a value}"; shift ;;
    --jobs) jobs="${2:?--jobs needs a value}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "sanitizers: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

find_openblas() {
  if [[ -n "$openblas_dir" ]]; then echo "$openblas_dir"; return; fi
  local mvn_dir="$repo/bindings/target/deps/org/bytedeco/openblas/linux-x86_64"
  if [[ -d "$mvn_dir" ]]; then echo "$mvn_dir"; return; fi
  local jar
  jar="$(ls -1 "$HOME"/.m2/repository/org/bytedeco/openblas/*/openblas-*-linux-x86_64.jar 2>/dev/null | sort | tail -n1)"
  if [[ -n "$jar" ]] && command -v python3 >/dev/null 2>&1; then
    mkdir -p "$build_root/deps" &&
      python3 -m zipfile -e "$jar" "$build_root/deps" >/dev/null 2>&1 &&
      [[ -d "$build_root/deps/org/bytedeco/openblas/linux-x86_64" ]] &&
      echo "$build_root/deps/org/bytedeco/openblas/linux-x86_64"
  fi
}

failures=0
summary=()

# run_one NAME SANITIZE CTEST_ARGS...: configure, build, ctest; count reports in the logs
run_one() {
  local name="$1" sanitize="$2" dir="$build_root/$1" t0 t1 log rc
  shift 2
  echo "=== $name: -DIK_SANITIZE=$sanitize ($dir) ==="
  t0=$(date +%s)
  local ob_arg=()
  [[ -n "$ob" ]] && ob_arg=("-DOPENBLAS_DIR=$ob")
  if ! cmake -S "$repo" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIK_ENABLE_CUDA=OFF \
        -DIK_SANITIZE="$sanitize" "${ob_arg[@]}" >"$dir.configure.log" 2>&1; then
    cat "$dir.configure.log"; summary+=("FAILED   $name: configure"); failures=$((failures + 1)); return
  fi
  if ! cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1; then
    tail -n 60 "$dir.build.log"; summary+=("FAILED   $name: build"); failures=$((failures + 1)); return
  fi
  t1=$(date +%s)
  log="$dir.ctest.log"
  # OpenBLAS with one thread unless a test sets its own count (the concurrency tests do)
  OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" ctest --test-dir "$dir" --output-on-failure "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local reports tests skipped
  reports=$(grep -c -E '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Undefined|Leak|Thread)Sanitizer)|runtime error:' "$log")
  tests=$(grep -c -E 'Test +#[0-9]+: ' "$log")
  skipped=$(grep -c -E '\*\*\*Skipped|Not Run' "$log")
  local line="$name: $tests tests ($skipped skipped), sanitizer reports: $reports, build $((t1 - t0)) s, tests $(( $(date +%s) - t1 )) s"
  if [[ $rc -eq 0 && $reports -eq 0 ]]; then
    summary+=("ok       $line")
  else
    summary+=("FAILED   $line (ctest exit $rc)"); failures=$((failures + 1))
  fi
}

mkdir -p "$build_root" || { echo "sanitizers: cannot create $build_root" >&2; exit 2; }
ob="$(find_openblas)"
echo "openblas: ${ob:-none (the eigen tests skip)}"
echo "c++:      $(c++ --version 2>/dev/null | head -n1)"

if [[ $what == asan || $what == all ]]; then
  run_one asan address,undefined
fi
if [[ $what == tsan || $what == all ]]; then
  # the multi-threaded cpu kernels and their tests (the cuda tests have no threads of ours to check)
  run_one tsan thread -R 'cpu|concurrent|abi'
fi

echo "=== summary ==="
printf '  %s\n' "${summary[@]}"
if [[ $failures -eq 0 ]]; then echo "sanitizers: PASSED"; else echo "sanitizers: FAILED ($failures)"; fi
[[ $failures -eq 0 ]]
