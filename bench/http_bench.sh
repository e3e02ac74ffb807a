#!/usr/bin/env bash
# HTTP benchmarks of the host, printing figures (not a test: nothing here fails on a number).
#   bench/http_bench.sh [--duration S] [--connections N] [--database-url URL]
# Measures, with wrk on loopback: the public /health route, an authenticated plugin route
# (API key check + C ABI call), the same with "Connection: close" (a TCP handshake per request,
# what Pistache did by default for clients that send no Connection header), and durable writes
# (one committed insert per request through the plugin API). Also prints sentineld's RSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
duration=10 connections=32 db_url=""
while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --database-url) db_url=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

bash scripts/install-deps.sh --with-bench
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSENTINEL_BUILD_TESTS=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target sentineld v1-fixture >/dev/null

work=$(mktemp -d /tmp/sentinel-bench.XXXXXX)
mkdir -p "$work/plugins"
cp build-bench/tests/fixtures/good/v1-fixture.so "$work/plugins/"
[[ -n "$db_url" ]] || db_url="sqlite:$work/bench.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sentineld=build-bench/host/sentineld
key=$($sentineld --database-url "$db_url" keys create --role ADMIN --name bench --quiet 2>/dev/null)
$sentineld --database-url "$db_url" --plugins-dir "$work/plugins" --listen "127.0.0.1:$port" \
  --log-level warn >"$work/sentineld.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

base="http://127.0.0.1:$port"
run() { # label, wrk args...
  local label=$1
  shift
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  printf '%-44s %12s req/s   p50 %-9s p99 %-9s %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
}

echo "sentineld $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, wrk -t2 -c$connections ${duration}s, ${db_url%%:*}"
run "GET /health (keep-alive)" "$base/health"
run "GET /health (Connection: close)" -H "Connection: close" "$base/health"
run "GET plugin route, API key (keep-alive)" -H "Authorization: Bearer $key" "$base/fixture/v1/hello"
run "POST plugin route, durable insert" -s bench/post_item.lua -H "Authorization: Bearer $key" "$base/fixture/v1/items"
count=$(curl -s -H "Authorization: Bearer $key" "$base/fixture/v1/items/count")
echo "rows stored by the write run: $count"
echo "sentineld RSS after the runs: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
