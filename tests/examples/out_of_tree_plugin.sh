#!/usr/bin/env bash
# Builds the tcp-probe example the way a third party would, against an INSTALLED Sentinel only,
# then loads the plugin into a real sentineld and calls its routes.
#
# Usage: out_of_tree_plugin.sh <sentinel build dir> <sentinel source dir>
# Needs: cmake, a C++20 compiler, curl and python3 (free ports, reading the monitors' JSON).
set -euo pipefail

usage="usage: $0 <sentinel build dir> <sentinel source dir>"
build_dir=$(cd "${1:?$usage}" && pwd)
source_dir=$(cd "${2:?$usage}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sentinel-out-of-tree.XXXXXX")
server_pid=""

step() { echo "==> $*"; }
pass() { echo "    ok: $*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

cleanup() {
  local rc=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if ((rc != 0)); then
    for log in "$work"/*.log; do
      [[ -f $log ]] || continue
      echo "--- last lines of $(basename "$log") ---" >&2
      tail -n 40 "$log" >&2
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP # run the cleanup on interruption too
command -v python3 >/dev/null || fail "python3 is needed to read the monitors' JSON"

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
    return
  fi
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    # A refused connection means nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free loopback port found"
}

# GET <path> <api key>: prints the body; fails unless the status is 200.
api_get() {
  local status
  status=$(curl -sS -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $2" "$base_url$1") ||
    fail "GET $1: curl failed"
  [[ $status == 200 ]] || fail "GET $1 answered $status: $(cat "$work/body")"
  cat "$work/body"
}

# send <method> <path> <api key> [json body]: prints the status; the body goes to $work/body.
send() {
  local args=(-sS -o "$work/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3")
  [[ $# -ge 4 ]] && args+=(-H 'Content-Type: application/json' --data "$4")
  curl "${args[@]}" "$base_url$2" || fail "$1 $2: curl failed"
}

# json_value <json> <python expression on `d`>: prints the value (JSON for objects and lists).
json_value() {
  python3 -c 'import json, sys
d = json.loads(sys.argv[1])
v = eval(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2" || fail "cannot read $2 from $1"
}

# expect_in <text> <fragment> <what it proves>
expect_in() {
  [[ $1 == *"$2"* ]] || fail "$3: expected $2 in $1"
  pass "$3"
}

# --- 1. install ----------------------------------------------------------------------------------
prefix="$work/prefix"
step "installing Sentinel from $build_dir into a fresh prefix"
cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  fail "cmake --install failed; is the build complete? (cmake --build $build_dir)"
sentineld="$prefix/bin/sentineld"
[[ -x $sentineld ]] || fail "the install has no bin/sentineld"
[[ -f $prefix/include/sentinel/plugin_api.h && -f $prefix/include/sentinel/sdk.hpp ]] ||
  fail "the install has no plugin API headers"
package_config=$(find "$prefix" -name SentinelPluginAPIConfig.cmake -print -quit)
[[ -n $package_config ]] || fail "the install has no SentinelPluginAPIConfig.cmake"
pass "installed sentineld, the plugin API headers and $(basename "$package_config")"
# sentinel_add_plugin() links Sentinel::PluginAPI; without it a plugin gets no include path.
grep -qF "add_library(Sentinel::PluginAPI " "$(dirname "$package_config")"/SentinelPluginAPITargets.cmake ||
  fail "the installed package does not define the target Sentinel::PluginAPI (see $(dirname "$package_config"))"
pass "the installed package defines Sentinel::PluginAPI"

# --- 2. build the example against the install ------------------------------------------------------
# From a copy outside the repository, so no relative path can reach the source tree.
step "building share/examples/tcp-probe against the install only"
cp -R "$source_dir/share/examples/tcp-probe" "$work/tcp-probe"
example_build="$work/tcp-probe-build"
cmake -S "$work/tcp-probe" -B "$example_build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/example-configure.log" 2>&1 ||
  fail "configuring the example failed"
cmake --build "$example_build" -j2 >"$work/example-build.log" 2>&1 || fail "building the example failed"
plugin_so="$example_build/tcp-probe.so"
[[ -f $plugin_so ]] || fail "the example build produced no tcp-probe.so"
pass "built $(basename "$plugin_so")"

package_dir=$(sed -n 's/^SentinelPluginAPI_DIR:PATH=//p' "$example_build/CMakeCache.txt")
[[ $package_dir == "$prefix"/* ]] || fail "SentinelPluginAPI was found at '$package_dir', not in the install"
pass "find_package(SentinelPluginAPI) used the installed package"
commands="$example_build/compile_commands.json"
[[ -f $commands ]] || fail "no compile_commands.json"
if grep -qF "$source_dir/" "$commands"; then
  fail "the example compiled against the source tree: $(grep -F "$source_dir/" "$commands" | head -n 1)"
fi
grep -qF "$prefix/include" "$commands" || fail "the compile commands do not use $prefix/include"
pass "compile commands use $prefix/include and nothing under $source_dir (plugin-api included)"
# Instantiated std:: templates stay visible (libstdc++ marks its namespace so); nothing of the
# plugin's or the SDK's own code may.
exported=$(nm -DC --defined-only "$plugin_so" | awk '{print $3}' | grep -E 'sentinel|tcp_probe' | sort | tr '\n' ' ')
[[ $exported == "sentinel_plugin_api_version sentinel_plugin_get " ]] ||
  fail "tcp-probe.so should export only its two entry points of its own, exports: $exported"
pass "tcp-probe.so exports sentinel_plugin_api_version and sentinel_plugin_get, no other plugin or SDK symbol"

# --- 3. load it into sentineld and call it --------------------------------------------------------
step "starting sentineld with the plugin"
mkdir "$work/plugins"
cp "$plugin_so" "$work/plugins/"
port=$(free_port)
closed_port=$(free_port)
while [[ $closed_port == "$port" ]]; do closed_port=$(free_port); done
base_url="http://127.0.0.1:$port"
database="sqlite:$work/sentinel.db"
# The job probes sentineld itself every second, under a name of its own.
job_target="localhost:$port"
cat >"$work/sentinel.conf" <<EOF
[plugin.tcp-probe]
targets = $job_target
interval_ms = 1000
timeout_ms = 1000
EOF
create_key() { # role: prints the new key
  "$sentineld" --database-url "$database" keys create --role "$1" --name "oot-$1" --quiet 2>>"$work/keys.log" ||
    fail "sentineld keys create --role $1 failed"
}
viewer_key=$(create_key VIEWER)
developer_key=$(create_key DEVELOPER) # creates and checks monitors
admin_key=$(create_key ADMIN)
[[ -n $viewer_key && -n $developer_key && -n $admin_key ]] || fail "sentineld keys create printed no key"

"$sentineld" --config "$work/sentinel.conf" --listen "127.0.0.1:$port" --plugins-dir "$work/plugins" \
  --database-url "$database" >"$work/sentineld.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "$base_url/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || fail "sentineld exited during startup"
  sleep 0.1
done
curl -sf "$base_url/health" >/dev/null || fail "sentineld did not answer /health within 10 s"
pass "sentineld is up on port $port"

check="/api/v1/examples/tcp-probe/check"
body=$(api_get "$check?host=127.0.0.1&port=$port" "$viewer_key")
expect_in "$body" '"ok":true' "check of sentineld's own port succeeds"
expect_in "$body" "\"target\":\"127.0.0.1:$port\"" "the result names its target"
expect_in "$body" '"error":null' "a successful check has no error"

body=$(api_get "$check?host=127.0.0.1&port=$closed_port&timeout_ms=1000" "$viewer_key")
expect_in "$body" '"ok":false' "check of a closed port fails"
expect_in "$body" '"error":"connection refused"' "the closed port is reported as refused"

status=$(curl -sS -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $viewer_key" "$base_url$check?port=99999")
[[ $status == 422 ]] || fail "a bad check request answered $status, not 422"
expect_in "$(cat "$work/body")" '"fieldErrors":{"host":["is required"],"port":["must be a whole number from 1 to 65535"]}' \
  "bad query parameters answer 422 field by field"

body=$(api_get "/api/v1/examples/tcp-probe/results?target=127.0.0.1:$port" "$viewer_key")
expect_in "$body" '"total":1' "the check's result was stored and is listed"

# The probe-targets job, from the plugin's configuration section.
for _ in $(seq 100); do
  body=$(api_get "/api/v1/examples/tcp-probe/results?target=$job_target&limit=1" "$viewer_key")
  [[ $body == *'"total":0'* ]] || break
  sleep 0.1
done
expect_in "$body" '"ok":true' "the probe-targets job stored a result for $job_target"

body=$(api_get "/api/v1/plugins" "$admin_key")
expect_in "$body" '"name":"tcp-probe"' "GET /api/v1/plugins lists tcp-probe"
expect_in "$body" '"version":"1.1.0"' "tcp-probe reports version 1.1.0"
expect_in "$body" '"name":"probe-targets"' "tcp-probe's job is scheduled"
expect_in "$body" '"refused":[]' "no plugin was refused"

# The dns monitor type the plugin adds to the host's /api/monitors (plugin API 1.1).
step "the dns monitor type through /api/monitors"
body=$(api_get "/api/monitor-types" "$viewer_key")
[[ $(json_value "$body" '[t["plugin"] for t in d["data"] if t["name"] == "dns"]') == '["tcp-probe"]' ]] ||
  fail "GET /api/monitor-types should list dns from tcp-probe: $body"
pass "GET /api/monitor-types lists dns, from tcp-probe"

# create_monitor <json body>: prints the new monitor's id; fails unless the answer is 201.
create_monitor() {
  local status
  status=$(send POST /api/monitors "$developer_key" "$1")
  [[ $status == 201 ]] || fail "POST /api/monitors $1 answered $status: $(cat "$work/body")"
  [[ $(json_value "$(cat "$work/body")" 'd.get("monitor_type")') == dns ]] ||
    fail "the created monitor is not a dns monitor: $(cat "$work/body")"
  json_value "$(cat "$work/body")" 'd["id"]'
}
# check_monitor <id>: prints the check's "uptime" object; fails unless the answer is 200.
check_monitor() {
  local status
  status=$(send POST "/api/monitors/$1/check" "$developer_key")
  [[ $status == 200 ]] || fail "POST /api/monitors/$1/check answered $status: $(cat "$work/body")"
  json_value "$(cat "$work/body")" 'd["uptime"]'
}

id=$(create_monitor '{"monitor_type":"dns","url":"localhost","check_interval":1}')
pass "POST /api/monitors created dns monitor $id for localhost (201)"
uptime=$(check_monitor "$id")
[[ $(json_value "$uptime" 'd["is_up"]') == true ]] || fail "localhost should resolve: $uptime"
expect_in "$(json_value "$uptime" 'd["message"]')" "resolved to " "checking it now resolves localhost"

id=$(create_monitor '{"monitor_type":"dns","url":"localhost","check_interval":1,"dns_expected":"192.0.2.55"}')
uptime=$(check_monitor "$id")
[[ $(json_value "$uptime" 'd["is_up"]') == false ]] || fail "192.0.2.55 is not an address of localhost: $uptime"
expect_in "$(json_value "$uptime" 'd["message"]')" "192.0.2.55 not among [" \
  "a dns monitor expecting an address localhost does not have is down, and says why"

status=$(send POST /api/monitors "$developer_key" '{"monitor_type":"dns","check_interval":1}')
[[ $status == 422 ]] || fail "a dns monitor without url answered $status, not 422: $(cat "$work/body")"
[[ $(json_value "$(cat "$work/body")" 'd["errors"]["url"]') == '["is required"]' ]] ||
  fail "the 422 should name url: $(cat "$work/body")"
pass "a dns monitor without url answers 422 with errors.url"

# --- 4. stop -------------------------------------------------------------------------------------
step "stopping sentineld with SIGTERM"
kill -TERM "$server_pid"
rc=0
wait "$server_pid" || rc=$?
server_pid=""
((rc == 0)) || fail "sentineld exited with $rc after SIGTERM"
pass "sentineld exited with 0"
echo "PASS: tcp-probe builds out of tree against the installed plugin API and runs in sentineld"
