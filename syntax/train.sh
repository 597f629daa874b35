#!/bin/sh
# train.sh - retrain the bundled syntax model from the treebanks.
#
# Usage: syntax/train.sh [BUILD_DIR] [OUT]   (defaults: build, syntax/nerve.syn)
# Environment: NERVE_SHARED_DIR (default <source>/../shared).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
out=${2:-$src/syntax/nerve.syn}
tb=${NERVE_SHARED_DIR:-$src/../shared}/treebanks
exec "$build/tools/nerve-train-syntax" --notice "$src/syntax/NOTICE" "$out" \
    "$tb/gum" "$tb/ewt" "$tb/pud"
