#!/usr/bin/env bash
# Installs Sentinel's build and test dependencies from Debian bookworm's packages, only those
# missing. Needs root or sudo. Usage: scripts/install-deps.sh [--with-bench]
set -euo pipefail

packages=(
  cmake make g++ pkg-config git curl ca-certificates
  libpistache-dev libboost-dev libboost-filesystem-dev
  libsoci-dev libsqlite3-dev libpq-dev postgresql-15
  liblua5.4-dev libspdlog-dev nlohmann-json3-dev libcli11-dev libsodium-dev
  libcurl4-openssl-dev libhowardhinnant-date-dev libssl-dev python3
  libgtest-dev libgmock-dev
  libfreexl-dev libzip-dev libpugixml-dev libeigen3-dev libopencv-ml-dev
)
if [[ "${1:-}" == "--with-bench" ]]; then packages+=(wrk python3-pandas python3-sklearn); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
