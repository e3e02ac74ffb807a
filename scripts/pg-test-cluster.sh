#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests: initdb + start on 127.0.0.1:<port>, trust auth on loopback.
set -euo pipefail

readonly DATABASE_NAME="sentinel_test"
readonly SUPERUSER="postgres"
readonly MARKER=".sentinel-pg-test-cluster"

usage() {
  cat <<EOF
Usage:
  $(basename "$0") start <dir> <port>   create (if needed) and start a throwaway cluster in <dir>,
                                        listening on 127.0.0.1:<port>; prints the database URL as
                                        the last line of stdout
  $(basename "$0") stop <dir>           stop the cluster and delete <dir>
  $(basename "$0") --help               show this help

The cluster has database '${DATABASE_NAME}' and trusts the '${SUPERUSER}' superuser on loopback
(no password). It is for tests only: fsync is off (PG_DURABLE=1 keeps it on, for benchmarks). Set PG_BIN to use another PostgreSQL bin dir
(default: /usr/lib/postgresql/15/bin). Works as root (initdb runs as the 'postgres' OS user) and
as an ordinary user.
EOF
}

die() {
  echo "pg-test-cluster: error: $*" >&2
  exit 1
}

info() {
  echo "pg-test-cluster: $*" >&2
}

find_bin_dir() {
  local dir="${PG_BIN:-/usr/lib/postgresql/15/bin}"
  if [[ ! -x "${dir}/initdb" ]] && command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir)"
  fi
  [[ -x "${dir}/initdb" && -x "${dir}/pg_ctl" ]] ||
    die "initdb/pg_ctl not found in '${dir}' (install postgresql-15 or set PG_BIN)"
  echo "${dir}"
}

# Runs a server binary as the cluster owner: 'postgres' when we are root (initdb refuses root).
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cluster_url() {
  local port="$1"
  echo "postgresql://${SUPERUSER}@127.0.0.1:${port}/${DATABASE_NAME}"
}

is_running() {
  local dir="$1"
  [[ -f "${dir}/data/PG_VERSION" ]] && as_owner "${BIN}/pg_ctl" -D "${dir}/data" status >/dev/null 2>&1
}

cmd_start() {
  [[ $# -eq 2 ]] || die "start needs <dir> <port> (see --help)"
  local dir="$1" port="$2"
  [[ "${port}" =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "invalid port '${port}'"
  mkdir -p "${dir}"
  dir="$(cd "${dir}" && pwd)"

  if is_running "${dir}"; then
    local running_port
    running_port="$(cat "${dir}/port" 2>/dev/null || echo "${port}")"
    [[ "${running_port}" == "${port}" ]] ||
      die "a cluster is already running in ${dir} on port ${running_port}, not ${port}"
    info "cluster in ${dir} is already running"
    cluster_url "${port}"
    return 0
  fi

  if [[ -e "${dir}/data" && ! -f "${dir}/${MARKER}" ]]; then
    die "${dir}/data exists but was not created by this script; refusing to touch it"
  fi
  if [[ -n "$(ls -A "${dir}")" && ! -f "${dir}/${MARKER}" ]]; then
    die "${dir} is not empty and was not created by this script"
  fi
  touch "${dir}/${MARKER}"
  mkdir -p "${dir}/sock" "${dir}/log"
  if [[ "$(id -u)" -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to own the cluster"
    chown -R postgres: "${dir}"
    runuser -u postgres -- test -x "${dir}" ||
      die "the 'postgres' user cannot reach ${dir}; choose a directory under /tmp"
  fi

  if [[ ! -f "${dir}/data/PG_VERSION" ]]; then
    info "initdb in ${dir}/data"
    as_owner "${BIN}/initdb" -D "${dir}/data" -U "${SUPERUSER}" --auth=trust --encoding=UTF8 \
      --no-locale --no-sync >"${dir}/log/initdb.log" 2>&1 ||
      { cat "${dir}/log/initdb.log" >&2; die "initdb failed"; }
    as_owner tee -a "${dir}/data/postgresql.conf" >/dev/null <<EOF
# Added by pg-test-cluster.sh: loopback only, socket inside the cluster dir.
listen_addresses = '127.0.0.1'
unix_socket_directories = '${dir}/sock'
max_connections = 200
EOF
    if [[ ${PG_DURABLE:-0} != 1 ]]; then
      as_owner tee -a "${dir}/data/postgresql.conf" >/dev/null <<EOF
# No durability: tests only (PG_DURABLE=1 keeps PostgreSQL's defaults, for benchmarks).
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi
  fi
  echo "${port}" | as_owner tee "${dir}/port" >/dev/null

  info "starting PostgreSQL on 127.0.0.1:${port}"
  if ! as_owner "${BIN}/pg_ctl" -D "${dir}/data" -l "${dir}/log/postgres.log" -o "-p ${port}" \
      -w -t 30 start >/dev/null; then
    tail -n 20 "${dir}/log/postgres.log" >&2 || true
    die "PostgreSQL did not start (is port ${port} already in use?)"
  fi

  local psql=("${BIN}/psql" -X -q -h 127.0.0.1 -p "${port}" -U "${SUPERUSER}" -d postgres -v ON_ERROR_STOP=1)
  if [[ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '${DATABASE_NAME}'")" ]]; then
    "${psql[@]}" -c "CREATE DATABASE ${DATABASE_NAME}" >/dev/null || die "could not create database ${DATABASE_NAME}"
  fi
  cluster_url "${port}"
}

cmd_stop() {
  [[ $# -eq 1 ]] || die "stop needs <dir> (see --help)"
  local dir="$1"
  if [[ ! -d "${dir}" ]]; then
    info "${dir} does not exist; nothing to stop"
    return 0
  fi
  [[ -f "${dir}/${MARKER}" ]] || die "${dir} was not created by this script; refusing to delete it"
  if is_running "${dir}"; then
    info "stopping PostgreSQL in ${dir}"
    as_owner "${BIN}/pg_ctl" -D "${dir}/data" -m fast -w -t 30 stop >/dev/null
  fi
  rm -rf -- "${dir}"
}

main() {
  local command="${1:-}"
  case "${command}" in
    -h | --help | help) usage ;;
    start | stop)
      shift
      BIN="$(find_bin_dir)"
      readonly BIN
      "cmd_${command}" "$@"
      ;;
    "") usage >&2; exit 2 ;;
    *) die "unknown command '${command}' (see --help)" ;;
  esac
}

main "$@"
