#!/bin/sh
# score_syntax.sh - UPOS accuracy, UAS and LAS (punctuation excluded) of the
# bundled syntax model on the GUM development split, on the treebank's own
# tokens and on nerve's tokens aligned back (tests/slow/score_syntax.c says
# what is counted). Not part of the default test run.
#
# Usage: tests/slow/score_syntax.sh [BUILD_DIR] [MODEL]
#   BUILD_DIR  default <source>/build (a release build such as build-rel is faster)
#   MODEL      default BUILD_DIR/syntax/nerve.syn
# Environment: NERVE_SHARED_DIR (default: <source>/../shared).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
model=${2:-$build/syntax/nerve.syn}
shared=${NERVE_SHARED_DIR:-$src/../shared}
exec "$build/tests/score_syntax" "$model" "$build" "$shared/treebanks/gum-dev"
