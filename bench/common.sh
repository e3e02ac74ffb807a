# Shared by the bench/*_bench.sh scripts (sourced, not run): the Release build they use unless
# given --build-dir, and small helpers. Expects $root (the repository) to be set.

py=/usr/bin/python3 # Debian's Python, with the python3-* packages the benches install

# Installs the bench dependencies and sets $build_dir (built in Release into build-bench/ when empty)
# and $sentineld.
bench_prepare_build() {
  bash "$root/scripts/install-deps.sh" --with-bench
  if [[ -z ${build_dir:-} ]]; then
    echo "==> building (Release, build-bench/)"
    cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DSENTINEL_BUILD_TESTS=OFF >/dev/null
    cmake --build "$root/build-bench" -j"$(nproc)" >/dev/null
    build_dir=$root/build-bench
  fi
  sentineld=$build_dir/host/sentineld
}

free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
peak_rss_mb() { awk '$1 == "VmHWM:" {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# Waits up to 30 s for sentineld on port $1 to answer /health.
wait_healthy() {
  for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0
    sleep 0.1
  done
  echo "sentineld did not start on port $1" >&2
  return 1
}
