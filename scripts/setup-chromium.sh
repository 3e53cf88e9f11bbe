#!/usr/bin/env bash
# Installs Debian's chromium for the browser test of the partition page (tests/EdgeHost.Tests/Page), driven by
# Microsoft.Playwright with ExecutablePath=/usr/bin/chromium (no `playwright install`, no browser download).
# Idempotent; when it cannot install (not root, no apt, no network) the browser test skips and says so.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-chromium: chromium is missing and cannot be apt-installed here (needs root + apt); the browser test will skip"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "setup-chromium: installed $(chromium --version 2>/dev/null | head -c 60)"
