#!/usr/bin/env bash
# Build the libFuzzer tree (clang, ASan+UBSan) and run one target, time-boxed.
#
#   fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
#   fuzz/run.sh fuzz_process 60
#
# TARGET is fuzz_process, fuzz_json, fuzz_load_gazetteer, fuzz_compile_rules or
# fuzz_jsonl_input.
# New inputs go to build-fuzz/corpus/TARGET (the committed seeds in
# fuzz/corpus/TARGET are read, never written); crashes are written as
# fuzz/corpus/TARGET/crash-<sha1>, so that the replay test keeps them.
# Environment: BUILD (default build-fuzz), JOBS (libFuzzer -jobs, default 1),
# ARTIFACTS (where crashes go, default fuzz/corpus/TARGET/; scripts/test uses
# the build tree so that it never writes into the source tree).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [libFuzzer flags...]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
build=${BUILD:-build-fuzz}

if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$build" -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
fi
log=$(mktemp)
ninja -C "$build" "fuzz/$target" gazetteers/nerve.gaz >"$log" 2>&1 || { tail -40 "$log"; rm -f "$log"; exit 1; }
rm -f "$log"

work="$build/corpus/$target"
mkdir -p "$work"
case $build in /*) data=$build ;; *) data=$PWD/$build ;; esac
export NERVE_DATA_DIR="$data"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# -entropic=0: with entropic scheduling (libFuzzer's default) the feature
# bookkeeping took ~78% of the time on these targets (tens of thousands of
# features per input) and fuzz_process ran at ~26 runs/s; without it, ~190/s
# and more coverage in the same time (measured with perf, 15 s runs).
extra=(-entropic=0)
# Input length: the text targets run at ~0.3 MB/s under ASan+UBSan+coverage,
# so with -max_len=65536 libFuzzer's inputs grew over an hour towards 64 KB
# and fuzz_process fell from ~1,000 to ~80 runs/s. News articles are short
# (Reuters: median 600 bytes, 99th percentile 4.3 KB, longest 12 KB) and long
# inputs are the pathological suite's job (tests/pathological.py), so the
# targets that process a document stop at 8 KB. Rule files, gazetteers and
# JSONL streams keep 64 KB: their bugs are in long sources and lines.
case $target in
  fuzz_process|fuzz_json) max_len=8192 ;;
  *) max_len=65536 ;;
esac
if [ "${JOBS:-1}" -gt 1 ]; then extra+=(-jobs="$JOBS" -workers="$JOBS"); fi
exec "$build/fuzz/$target" "$work" "fuzz/corpus/$target" \
  -dict=fuzz/nerve.dict -max_total_time="$seconds" -max_len="$max_len" -timeout=25 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="${ARTIFACTS:-fuzz/corpus/$target/}" \
  "${extra[@]}" "$@"
