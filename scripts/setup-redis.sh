#!/usr/bin/env bash
# Installs redis-server for the Redis membership test (tests/Grains.Tests/Clustering). Idempotent and quiet;
# it never starts a system service: the test runs its own redis-server on a free loopback port.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-redis: redis-server is missing and cannot be apt-installed here (needs root + apt); the Redis test will skip"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101 keeps the package's postinst from starting the system service.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=true
fi
trap '[ "$created_policy" = true ] && rm -f "$policy"' EXIT
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends redis-server >/dev/null
echo "setup-redis: installed $(redis-server --version | head -c 40)"
