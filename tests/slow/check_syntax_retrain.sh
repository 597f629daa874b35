#!/bin/sh
# check_syntax_retrain.sh - retrain the bundled syntax model from the
# treebanks and compare it byte for byte with the committed one (training
# is deterministic; a difference means the tokenizer, the features or the
# data changed and syntax/nerve.syn must be regenerated: syntax/train.sh).
# Skips (77) when the treebanks or the Reuters corpus (the word classes'
# text) are not there.
#
# Usage: check_syntax_retrain.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
shared=${NERVE_SHARED_DIR:-$src/../shared}
tb=$shared/treebanks
if [ ! -d "$tb/gum" ] || [ ! -d "$tb/ewt" ] || [ ! -d "$tb/pud" ]; then
    echo "no treebanks under $tb: skipped"
    exit 77
fi
if [ ! -f "$shared/corpus/reuters.jsonl" ]; then
    echo "no $shared/corpus/reuters.jsonl: skipped"
    exit 77
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT INT TERM
"$src/syntax/train.sh" "$build" "$tmp" 2>"$tmp.log" || { cat "$tmp.log"; rm -f "$tmp.log"; exit 1; }
rm -f "$tmp.log"
if cmp "$tmp" "$src/syntax/nerve.syn"; then
    echo "retrained model is identical to syntax/nerve.syn ($(wc -c < "$tmp") bytes)"
else
    echo "retrained model differs from syntax/nerve.syn: run syntax/train.sh and commit it"
    exit 1
fi
