#!/usr/bin/env bash
# Runs one step of the native build (CMake configure or build) with its output in a log file, so that
# `mvn -q` stays quiet; when the step fails, the end of the log goes to stderr and the build fails.
# IK_NATIVE_VERBOSE=1 (or -Dik.native.verbose=1) shows the output as it comes.
# The CMake build uses every core: CMAKE_BUILD_PARALLEL_LEVEL defaults to nproc here.
#
#   run-logged.sh LOGFILE COMMAND [ARGS...]
set -uo pipefail
log=$1
shift
mkdir -p "$(dirname "$log")"
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}
if [[ "${IK_NATIVE_VERBOSE:-0}" == 1 ]]; then
  "$@" 2>&1 | tee "$log"
  exit "${PIPESTATUS[0]}"
fi
"$@" >"$log" 2>&1
rc=$?
if [[ $rc -ne 0 ]]; then
  tail -n 150 "$log" >&2
  echo "infokernels native build: '$*' failed with status $rc (full output: $log)" >&2
fi
exit $rc
