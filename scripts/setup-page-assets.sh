#!/usr/bin/env bash
# Vendors the chart library of the edge host's partition page (chart.js 4.6.1 from the npm registry, by
# `npm pack`) into src/EdgeHost/wwwroot/vendor (gitignored), so that the page needs no CDN at run time.
# Idempotent; without npm or the registry the page still shows its grid and says the charts are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.6.1
target=src/EdgeHost/wwwroot/vendor
if [ -f "$target/chart.umd.min.js" ] && grep -q "$version" "$target/chart.version" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup-page-assets: npm is missing; the partition page will run without its charts"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "chart.js@$version" >/dev/null && tar -xzf "chart.js-$version.tgz")
mkdir -p "$target"
cp "$work/package/dist/chart.umd.min.js" "$target/chart.umd.min.js"
cp "$work/package/LICENSE.md" "$target/chart.LICENSE.md"
echo "$version" > "$target/chart.version"
echo "setup-page-assets: vendored chart.js $version into $target"
