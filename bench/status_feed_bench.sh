#!/usr/bin/env bash
# Status feed (spec 000, kestra plugin) benchmarks, printing figures (nothing fails on a number).
#   bench/status_feed_bench.sh [--clients "10 100 500"] [--reports N] [--duration S] [--build-dir DIR]
# (--build-dir: use an existing build instead of building build-bench/ in Release)
# 1. Fan-out: N Server-Sent Events clients on /api/status/stream while N reports go to the webhook
#    one after another (SQLite, synchronous = full): webhook latency, delivery latency from the
#    webhook being sent to the event arriving at each client, events delivered / expected,
#    sentineld peak RSS.
# 2. Reads: wrk keep-alive on GET /api/status and GET /api/activity (quotas raised out of the way).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
client_counts="10 100 500" reports=50 duration=10 build_dir=""
while (($#)); do
  case $1 in
    --clients) client_counts=$2; shift 2 ;;
    --reports) reports=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

bash scripts/install-deps.sh --with-bench
if [[ -z $build_dir ]]; then
  echo "==> building (Release, build-bench/)"
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSENTINEL_BUILD_TESTS=OFF >/dev/null
  cmake --build build-bench -j"$(nproc)" >/dev/null
  build_dir=$root/build-bench
fi
sentineld=$build_dir/host/sentineld

work=$(mktemp -d /tmp/sentinel-status-bench.XXXXXX)
pid=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
peak_rss_mb() { awk '$1 == "VmHWM:" {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }

start_server() {
  mkdir -p "$work/plugins"
  ln -sf "$build_dir/plugins/kestra.so" "$work/plugins/kestra.so"
  port=$(free_port)
  cat >"$work/bench.conf" <<CONF
[server]
threads = 4
max_streams = 100000
max_streams_per_client = 100000
[storage]
sqlite_synchronous = full
[log]
level = warn
[plans]
free_requests_per_minute = 10000000
free_requests_per_day = 1000000000
CONF
  rm -f "$work/feed.db"*
  "$sentineld" --config "$work/bench.conf" --database-url "sqlite:$work/feed.db" --plugins-dir "$work/plugins" \
    --listen "127.0.0.1:$port" >"$work/sentineld.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    if curl -sf "http://127.0.0.1:$port/health" >/dev/null; then return; fi
    sleep 0.1
  done
  cat "$work/sentineld.log" >&2
  echo "sentineld did not start" >&2
  exit 1
}
stop_server() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

echo "sentineld $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores"
echo
echo "== fan-out: SSE clients on /api/status/stream, $reports webhook reports 20 ms apart (SQLite, synchronous = full)"
printf '%-8s %14s %14s %15s %15s %15s %18s %12s\n' clients "webhook p50 ms" "webhook p99 ms" "delivery p50 ms" \
  "delivery p99 ms" "delivery max ms" "delivered/expected" "peak RSS MB"
for n in $client_counts; do
  start_server
  out=$(python3 bench/status_feed/fanout.py 127.0.0.1 "$port" "$n" "$reports")
  printf '%-8s %14s %14s %15s %15s %15s %18s %12s\n' "$n" "$(field webhook_ms_p50 <<<"$out")" \
    "$(field webhook_ms_p99 <<<"$out")" "$(field delivery_ms_p50 <<<"$out")" "$(field delivery_ms_p99 <<<"$out")" \
    "$(field delivery_ms_max <<<"$out")" "$(field delivered <<<"$out")/$(field expected <<<"$out")" "$(peak_rss_mb "$pid")"
  stop_server
done

echo
echo "== reads: wrk -t2 -c32 ${duration}s keep-alive"
start_server
python3 bench/status_feed/fanout.py 127.0.0.1 "$port" 1 20 >/dev/null # some services and activity
printf '%-22s %10s %10s %10s\n' route "req/s" "p50" "p99"
for route in /api/status /api/activity; do
  out=$(wrk -t2 -c32 -d"${duration}s" --latency "http://127.0.0.1:$port$route")
  printf '%-22s %10s %10s %10s\n' "GET $route" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
done
stop_server
