#!/usr/bin/env bash
# Builds Sentinel and runs every test suite twice: a -Werror build, then an ASan+UBSan build.
# Both runs include the PostgreSQL suites against a throwaway PostgreSQL 15 cluster on a
# loopback port, which this script starts and stops.
# Usage: scripts/test.sh [--fast]   (--fast: skip the sanitizer build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc)

bash scripts/install-deps.sh

pg_dir=$(mktemp -d /tmp/sentinel-pg.XXXXXX)
pg_port=${SENTINEL_TEST_PG_PORT:-55432}
cleanup() { bash scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
echo "== starting a throwaway PostgreSQL on 127.0.0.1:$pg_port"
export SENTINEL_TEST_PG_URL=$(bash scripts/pg-test-cluster.sh start "$pg_dir" "$pg_port" | tail -n 1)

run_suite() { # name, build dir, cmake flags...
  local name=$1 dir=$2
  shift 2
  echo "== [$name] configure and build ($dir)"
  local started=$SECONDS
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSENTINEL_WERROR=ON -DSENTINEL_BUILD_TESTS=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  echo "== [$name] built in $((SECONDS - started)) s; running tests"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs" --timeout 300
}

run_suite release build
if [[ "${1:-}" != "--fast" ]]; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # -O1 with line tables only: what AddressSanitizer recommends, and a much shorter build on 2 cores.
  run_suite asan+ubsan build-asan -DSENTINEL_SANITIZE=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"
fi
echo "== all test suites passed"
