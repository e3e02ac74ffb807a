#!/usr/bin/env bash
# Monitor benchmarks, printing figures (not a test: nothing here fails on a number).
#   bench/monitors_bench.sh [--sizes "1000 10000 100000"] [--duration S] [--ping-duration S]
#                           [--connections N] [--skip-postgresql] [--build-dir DIR]
# (--build-dir: use an existing build instead of building build-bench/ in Release)
# 1. Scheduler capacity: N port monitors at a 60 s interval against loopback listeners (SQLite):
#    checks/s achieved, schedule lag p50/p99, sentineld CPU % and peak RSS.
# 2. Heartbeat ingest: wrk keep-alive on /ping/{token} over 1,000 tokens, on SQLite (synchronous =
#    full) and PostgreSQL (fsync on): pings/s, p50/p99, and the stored pings counted against the
#    acknowledged ones (every acknowledged ping must be stored).
# 3. Storage: bytes per check result, raw and after the rollup.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes="1000 10000 100000" duration=90 ping_duration=15 connections=64 with_pg=1 build_dir=""
while (($#)); do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --ping-duration) ping_duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --skip-postgresql) with_pg=0; shift ;;
    --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
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

work=$(mktemp -d /tmp/sentinel-monitors-bench.XXXXXX)
pid="" listeners_pid="" pg_dir=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  if [[ -n $listeners_pid ]]; then kill "$listeners_pid" 2>/dev/null; fi
  if [[ -n $pg_dir ]]; then bash scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true
ticks=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
peak_rss_mb() { awk '$1 == "VmHWM:" {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
calc() { python3 -c "print(round($1, 1))"; }

# start_server <db url> <plugins...>: sentineld on a free port with the product plugins named.
start_server() {
  local db=$1
  shift
  rm -rf "$work/plugins" && mkdir -p "$work/plugins"
  for p in "$@"; do ln -s "$build_dir/plugins/$p.so" "$work/plugins/$p.so"; done
  port=$(free_port)
  base="http://127.0.0.1:$port"
  cat >"$work/bench.conf" <<CONF
[server]
threads = 4
[storage]
sqlite_synchronous = full
[log]
level = warn
[monitors]
ping_rate_limit_per_minute = 1000000
max_checks_in_flight = 20000
CONF
  key=$("$sentineld" --config "$work/bench.conf" --database-url "$db" keys create --role ADMIN --name bench --quiet)
  "$sentineld" --config "$work/bench.conf" --database-url "$db" --plugins-dir "$work/plugins" \
    --listen "127.0.0.1:$port" >"$work/sentineld.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    if curl -sf "$base/health" >/dev/null; then return; fi
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
scheduler_stats() { curl -sf -H "Authorization: Bearer $key" "$base/api/v1/monitors/scheduler"; }

echo "sentineld $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores," \
  "$(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM"

# --- 1. scheduler capacity -------------------------------------------------------------------------
echo
echo "== scheduler capacity: port monitors every 60 s against 8 loopback listeners (SQLite), ${duration} s each"
python3 bench/monitors/listeners.py "$work/ports" 8 &
listeners_pid=$!
for _ in $(seq 50); do
  if [[ -s $work/ports ]]; then break; fi
  sleep 0.1
done
printf '%-10s %10s %10s %11s %11s %7s %13s %8s\n' monitors "target/s" "checks/s" "lag p50 ms" "lag p99 ms" "CPU %" "peak RSS MB" failed
for n in $sizes; do
  db="sqlite:$work/sched-$n.db"
  "$sentineld" --database-url "$db" --log-level warn monitors rollup >/dev/null # creates the schema
  python3 bench/monitors/seed_port_monitors.py "$work/sched-$n.db" "$n" 1 "$work/ports" >/dev/null
  start_server "$db" port
  sleep 10 # the first checks are due 5 s after seeding; let the pipeline fill
  c0=$(scheduler_stats | json 'd["checks_completed"]')
  t0=$(cpu_ticks "$pid")
  sleep "$duration"
  stats=$(scheduler_stats)
  c1=$(json 'd["checks_completed"]' <<<"$stats")
  t1=$(cpu_ticks "$pid")
  failed=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/sched-$n.db').execute('SELECT COUNT(*) FROM monitor_results WHERE is_up = 0').fetchone()[0])")
  printf '%-10s %10s %10s %11s %11s %7s %13s %8s\n' "$n" "$(calc "$n / 60")" "$(calc "($c1 - $c0) / $duration")" \
    "$(json 'd["schedule_lag_ms"]["p50"]' <<<"$stats")" "$(json 'd["schedule_lag_ms"]["p99"]' <<<"$stats")" \
    "$(calc "($t1 - $t0) * 100 / $ticks / $duration")" "$(peak_rss_mb "$pid")" "$failed"
  stop_server
done
kill "$listeners_pid" 2>/dev/null || true
listeners_pid=""

# --- 2. heartbeat ingest -----------------------------------------------------------------------------
echo
echo "== heartbeat ingest: wrk -t2 -c$connections ${ping_duration}s keep-alive on /ping/{token}, 1,000 tokens"
printf '%-28s %10s %10s %10s %13s %10s\n' backend "pings/s" "p50" "p99" "acknowledged" "stored"
ingest() { # <label> <db url> <row counter command...>
  local label=$1 db=$2
  shift 2
  start_server "$db" heartbeat
  python3 bench/monitors/create_heartbeats.py "$base" "$key" 1000 "$work/paths"
  local out total non2xx stored
  out=$(PING_PATHS="$work/paths" wrk -t2 -c"$connections" -d"${ping_duration}s" --latency \
    -s bench/monitors/ping_tokens.lua "$base")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  stop_server
  stored=$("$@")
  printf '%-28s %10s %10s %10s %13s %10s\n' "$label" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$((total - ${non2xx:-0}))" "$stored"
}
count_sqlite() { python3 -c "import sqlite3; print(sqlite3.connect('$1').execute('SELECT COUNT(*) FROM monitor_results').fetchone()[0])"; }
ingest "SQLite (synchronous=full)" "sqlite:$work/pings.db" count_sqlite "$work/pings.db"
if ((with_pg)); then
  pg_dir=$(mktemp -u /tmp/sentinel-bench-pg.XXXXXX) # outside $work: the postgres user must reach it
  pg_url=$(PG_DURABLE=1 bash scripts/pg-test-cluster.sh start "$pg_dir" "$(free_port)" | tail -n 1)
  count_pg() { psql "$pg_url" -tAc 'SELECT COUNT(*) FROM monitor_results'; }
  ingest "PostgreSQL 15 (fsync on)" "$pg_url" count_pg
fi
echo "(stored >= acknowledged: a ping is answered 200 only after its batch committed; wrk stops with some in flight)"

# --- 3. storage --------------------------------------------------------------------------------------
echo
echo "== storage: 20 monitors checked every minute for 30 days (SQLite, after VACUUM)"
sdb="$work/storage.db"
"$sentineld" --database-url "sqlite:$sdb" --log-level warn monitors rollup >/dev/null
rows=$(python3 bench/monitors/seed_results.py "$sdb" 20 30)
db_size() { python3 -c "import sqlite3,os; c=sqlite3.connect('$sdb'); c.execute('VACUUM'); c.close(); print(os.path.getsize('$sdb'))"; }
raw=$(db_size)
printf '[monitors]\nraw_retention_hours = 48\nminute_retention_days = 7\n' >"$work/rollup.conf"
"$sentineld" --config "$work/rollup.conf" --database-url "sqlite:$sdb" --log-level warn monitors rollup
rolled=$(db_size)
echo "raw:    $rows results in $raw bytes: $(calc "$raw / $rows") bytes per result"
echo "rolled: (48 h raw, 7 days per minute, older per hour) $rolled bytes: $(calc "$rolled / $rows") bytes per check"
