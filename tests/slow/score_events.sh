#!/bin/sh
# Event scores on the public dev sets (slow; not part of the default test run).
#
#   tests/slow/score_events.sh [BUILD_DIR]       (default: build)
#
# RAMS dev and WikiEvents dev, converted by ../shared/eval/events_to_jsonl.py,
# run through extract, scored by score_events_public.py on the mapped visit,
# meeting, attack and arrest events. Both sets annotate event mentions (a
# trigger and whatever arguments its sentence gives), not records, so extract
# runs with --incomplete-events: a mention without its key roles counts too.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$here/$build ;; esac
eval=$here/../shared/eval
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
for set in rams wikievents; do
    if [ $set = rams ]; then gold=$eval/rams/dev.jsonlines; else gold=$eval/wikievents/dev.jsonl; fi
    (cd "$eval" && $py events_to_jsonl.py --format $set "$gold") > "$tmp/$set.jsonl"
    "$build/examples/extract" --input-format jsonl --format jsonl --incomplete-events --threads 2 "$tmp/$set.jsonl" > "$tmp/$set.out.jsonl"
    echo "== $set"
    (cd "$eval" && $py score_events_public.py --format $set "$gold" "$tmp/$set.out.jsonl" \
        --types visit,meeting,attack,arrest)
done
