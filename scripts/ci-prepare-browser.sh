#!/bin/sh
# Installs Debian's chromium for the browser tests (tests/UnionReview.WebApp.BrowserTests) when it is missing.
# Idempotent and quiet: does nothing if `command -v chromium` finds it.
set -eu
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "chromium could not be installed" >&2; exit 1; }
