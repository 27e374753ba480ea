#!/usr/bin/env bash
# Chromium for the testkit console's browser tests: Debian's `chromium` package, driven by playwright-core
# (Playwright's own browser downloads are not reachable here). Installs it when missing (needs root and
# apt-get) and prints where it is. JOURNEYKIT_CHROMIUM names another binary and skips the install.
set -euo pipefail
browser="${JOURNEYKIT_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$browser" ]; then
  if [ -n "${JOURNEYKIT_CHROMIUM:-}" ]; then
    echo "chromium.sh: JOURNEYKIT_CHROMIUM=$browser is not an executable" >&2
    exit 1
  fi
  echo "chromium.sh: installing Chromium from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  [ -x "$browser" ] || { echo "chromium.sh: Chromium did not install" >&2; exit 1; }
fi
echo "$browser"
