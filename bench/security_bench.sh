#!/usr/bin/env bash
# Security log scoring (spec 001, security plugin) benchmarks, printing figures (nothing fails on a
# number).   bench/security_bench.sh [--duration S] [--build-dir DIR] [--database-url URL]
# (--build-dir: use an existing build instead of building build-bench/ in Release; default
#  database: a fresh SQLite file with synchronous = full)
# 1. Batch: wrk POSTs batches of 1,000 varied entries to /security/analyze/{user}/batch, each
#    scored by every detector and stored in one transaction: entries scored and stored per second.
# 2. Single: wrk keep-alive POSTs of one entry to /security/analyze/{user} over 4, then 16
#    connections: requests per second and latency percentiles.
# Then the stored row count is checked against what wrk saw acknowledged.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
duration=10 build_dir="" database_url=""
while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
    --database-url) database_url=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

source bench/common.sh
bench_prepare_build
work=$(mktemp -d /tmp/sentinel-security-bench.XXXXXX)
pid=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/plugins"
ln -sf "$build_dir/plugins/security.so" "$work/plugins/security.so"
port=$(free_port)
cat >"$work/bench.conf" <<CONF
[server]
threads = 4
max_body_bytes = 8388608
[storage]
sqlite_synchronous = full
[log]
level = warn
[plans]
pro_requests_per_minute = 10000000
pro_requests_per_day = 1000000000
CONF
"$sentineld" --config "$work/bench.conf" --database-url "${database_url:-sqlite:$work/security.db}" \
  --plugins-dir "$work/plugins" --listen "127.0.0.1:$port" >"$work/sentineld.log" 2>&1 &
pid=$!
wait_healthy "$port"
base=http://127.0.0.1:$port
user="bench_$RANDOM"
token=$(curl -sf -X POST "$base/security/signup" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"bench-password-1\"}" | $py -c 'import json,sys; print(json.load(sys.stdin)["api_token"])')
curl -sf -X PATCH "$base/security/user/update/$user" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"new_plan":"Pro"}' >/dev/null
$py bench/security/make_bodies.py "$work"
export SECURITY_BENCH_TOKEN=$token

requests_of() { awk '/requests in/ {print $1}' <<<"$1"; }
echo "== batch: wrk -t2 -c4 ${duration}s, 1,000 entries per request"
export SECURITY_BENCH_BODY=$work/batch.json
out=$(wrk -t2 -c4 -d"${duration}s" --latency -s bench/security/analyze.lua "$base/security/analyze/$user/batch")
batch_requests=$(requests_of "$out")
awk -v n="$batch_requests" -v d="$duration" '/Latency/ && !done {print "   batch latency avg " $2 ", max " $4; done=1}
  END {printf "   entries scored and stored: %d in %ss = %.0f entries/s\n", n * 1000, d, n * 1000 / d}' <<<"$out"

export SECURITY_BENCH_BODY=$work/single.json
single_requests=0
for connections in 4 16; do
  echo "== single: wrk -t2 -c$connections ${duration}s keep-alive, 1 entry per request"
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/security/analyze.lua "$base/security/analyze/$user")
  single_requests=$((single_requests + $(requests_of "$out")))
  grep -E "Requests/sec|^ +(50|90|99)%" <<<"$out" | sed 's/^ */   /'
done

stored=$(curl -sf "$base/security/stats/$user" -H "Authorization: Bearer $token" |
  $py -c 'import json,sys; print(sum(json.load(sys.stdin)["counts"]))')
echo "== stored in the last 30 minutes: $stored (wrk completed $((batch_requests * 1000 + single_requests)) entries; wrk may cut requests in flight at the end)"
echo "== sentineld peak RSS: $(peak_rss_mb "$pid") MB"
