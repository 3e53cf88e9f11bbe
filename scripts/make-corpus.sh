#!/usr/bin/env bash
# The bundled model's corpus: the King James Bible (public domain) from Debian's bible-kjv
# package, one verse a line, verse references stripped. Output: .cache/corpus/kjv.txt
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v bible >/dev/null; then
  apt-get update -qq && apt-get install -y -qq bible-kjv
fi
mkdir -p .cache/corpus
bible -f "Gen1:1-Rev22:21" | sed -E 's/^[^ ]+ //' > .cache/corpus/kjv.txt
wc -c .cache/corpus/kjv.txt
