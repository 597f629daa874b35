#!/bin/sh
# train.sh - retrain the bundled syntax model: word classes from unlabeled
# text first (tools/nerve-train-classes over the Reuters-21578 texts and the
# training treebanks' texts, never gum-dev), then the tagger and parser from
# the treebanks with those classes as features. Both steps are
# deterministic; the class file is a temporary (the model keeps what it
# needs of it).
#
# Usage: syntax/train.sh [BUILD_DIR] [OUT]   (defaults: build, syntax/nerve.syn)
# Environment: NERVE_SHARED_DIR (default <source>/../shared).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
out=${2:-$src/syntax/nerve.syn}
shared=${NERVE_SHARED_DIR:-$src/../shared}
tb=$shared/treebanks
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
"$build/tools/nerve-train-classes" --classes 32,256,1024 --min-count 3 "$tmp/classes.tsv" \
    "$shared/corpus/reuters.jsonl" "$tb/gum" "$tb/ewt" "$tb/pud"
"$build/tools/nerve-train-syntax" --classes "$tmp/classes.tsv" --notice "$src/syntax/NOTICE" \
    "$out" "$tb/gum" "$tb/ewt" "$tb/pud"
