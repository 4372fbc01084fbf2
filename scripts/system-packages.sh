#!/usr/bin/env bash
# Installs the Debian packages the test command needs (.ci/packages), only those missing, so that
# `npm ci && npm test` works on a fresh Debian machine with no other step. As root with apt-get it
# installs them; otherwise it names what is missing and goes on: the steps that need a package
# then skip (local runs) or fail (REAL_BACKENDS=1) with their own message.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
while read -r pkg; do
  case "$pkg" in ''|'#'*) continue ;; esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done < .ci/packages
[ ${#need[@]} -eq 0 ] && { echo "all present"; exit 0; }

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  echo "installing: ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "missing (sudo apt-get install --no-install-recommends ${need[*]}); the tests that need them skip" >&2
fi
