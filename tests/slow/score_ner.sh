#!/bin/sh
# score_ner.sh - measure entity recognition (PER, LOC, ORG) with the shared
# scorer on CoNLL-2003 dev (testa), CoNLL-2003 train and WikiGold, and print
# the figures. Not part of the default test run.
#
# Usage: tests/slow/score_ner.sh [BUILD_DIR] [--errors N] [--keep DIR]
#   BUILD_DIR  default <source>/build (a release build such as build-rel is faster)
#   --errors N print up to N missed and N spurious mentions per data set
#   --keep DIR keep the converted inputs and system outputs in DIR
# Environment: NERVE_SHARED_DIR (default: <source>/../shared), PYTHON
# (default /usr/bin/python3), THREADS (default 2).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build="$src/build"
errors=0
keep=
while [ $# -gt 0 ]; do
    case "$1" in
    --errors) errors=$2; shift ;;
    --keep) keep=$2; shift ;;
    *) build=$1 ;;
    esac
    shift
done
shared=${NERVE_SHARED_DIR:-$src/../shared}
py=${PYTHON:-/usr/bin/python3}
threads=${THREADS:-2}
eval="$shared/eval"
if [ -n "$keep" ]; then
    mkdir -p "$keep"
    tmp=$keep
else
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT INT TERM
fi
for set in conll2003/testa.txt conll2003/train.txt wikigold/wikigold.conll.txt; do
    name=$(basename "$set" .txt)
    (cd "$eval" && "$py" conll_to_jsonl.py "$set") > "$tmp/$name.jsonl"
    "$build/examples/extract" --data-dir "$build" --input-format jsonl --format jsonl \
        --threads "$threads" "$tmp/$name.jsonl" > "$tmp/$name.out.jsonl"
    echo "== $set"
    (cd "$eval" && "$py" score_ner.py "$set" "$tmp/$name.out.jsonl" --types PER,LOC,ORG \
        --errors "$errors")
done
