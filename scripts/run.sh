#!/usr/bin/env bash
# Builds Sentinel with every plugin and starts sentineld on the embedded SQLite database.
# Usage: scripts/run.sh [extra sentineld flags, e.g. --listen 0.0.0.0:8080]
# On the first start it creates an ADMIN API key and prints it once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh
# Same build type as scripts/test.sh, so running after testing (or the reverse) rebuilds little.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSENTINEL_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"

config=etc/sentinel.conf
if ./build/host/sentineld --config "$config" "$@" keys list | grep -q "^No API keys"; then
  echo
  echo "First start: creating an ADMIN key (shown only now)."
  ./build/host/sentineld --config "$config" "$@" keys create --role ADMIN --name bootstrap-admin
fi
echo "Starting sentineld (Ctrl-C stops it)..."
exec ./build/host/sentineld --config "$config" "$@"
