#!/usr/bin/env bash
# Forensic scan (spec 001, forensic plugin) benchmark against pandas + scikit-learn, printing
# figures side by side (nothing fails on a number).
#   bench/forensic_bench.sh [--rows N] [--cols N] [--build-dir DIR]
# (--build-dir: use an existing build instead of building build-bench/ in Release)
# Generates a CSV of N rows x C numeric columns (default 1,000,000 x 20, ~170 MB) with 2% injected
# anomalies, uploads it to POST /audit/scan (multipart, as a client would) once per method
# (statistical, autoencoder), and runs the same file through IsolationForest at the same 0.98
# score quantile. Reports seconds, peak RSS, precision and recall at the default threshold.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rows=1000000 cols=20 build_dir=""
while (($#)); do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --cols) cols=$2; shift 2 ;;
    --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

source bench/common.sh
bench_prepare_build
work=$(mktemp -d /tmp/sentinel-forensic-bench.XXXXXX)
pid=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> generating $rows x $cols"
$py bench/forensic/make_dataset.py "$work" "$rows" "$cols"
anomalies=$(wc -l <"$work/labels.txt")

mkdir -p "$work/plugins"
ln -sf "$build_dir/plugins/forensic.so" "$work/plugins/forensic.so"
cat >"$work/bench.conf" <<CONF
[server]
threads = 4
max_upload_bytes = 2147483648
body_timeout_ms = 600000
[log]
level = info
[plugin.forensic]
max_upload_mb = 2048
max_threats_returned = $((anomalies * 2))
CONF
db="sqlite:$work/forensic.db"
key=$("$sentineld" --config "$work/bench.conf" --database-url "$db" keys create --role OPERATOR --name bench --quiet)

run_sentinel() { # method
  port=$(free_port)
  "$sentineld" --config "$work/bench.conf" --database-url "$db" --plugins-dir "$work/plugins" \
    --listen "127.0.0.1:$port" >"$work/sentineld-$1.log" 2>&1 &
  pid=$!
  wait_healthy "$port"
  local start end
  start=$(date +%s.%N)
  curl -sf --max-time 1200 -H "Authorization: Bearer $key" -F "file=@$work/data.csv;filename=data.csv" \
    "http://127.0.0.1:$port/audit/scan?method=$1" -o "$work/result-$1.json"
  end=$(date +%s.%N)
  local rss
  rss=$(peak_rss_mb "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  local quality
  quality=$($py bench/forensic/evaluate.py "$work/labels.txt" "$work/result-$1.json")
  printf "%-26s %8.1f s  %6s MB  %s  (server-side %s ms)\n" "sentinel $1" "$($py -c "print($end - $start)")" "$rss" "$quality" \
    "$($py -c "import json; print(json.load(open('$work/result-$1.json'))['duration_ms'])")"
}

echo "==> $(du -m "$work/data.csv" | cut -f1) MB CSV, $anomalies anomalies (2%), threshold quantile 0.98"
printf "%-26s %10s  %9s  %s\n" "" "wall" "peak RSS" "quality at 0.98"
run_sentinel statistical
run_sentinel autoencoder
baseline=$($py bench/forensic/sklearn_baseline.py "$work" 0.98)
quality=$($py bench/forensic/evaluate.py "$work/labels.txt" "$work/flagged.txt")
printf "%-26s %8.1f s  %6s MB  %s  (read %s s)\n" "pandas + IsolationForest" \
  "$($py -c "import json; print(json.loads('$baseline')['total_s'])")" \
  "$($py -c "import json; print(json.loads('$baseline')['peak_rss_mb'])")" "$quality" \
  "$($py -c "import json; print(json.loads('$baseline')['read_s'])")"
