#!/bin/sh
# score_timex.sh - measure the temporal tagger on TempEval-3 training data
# (TimeBank + AQUAINT, ../shared/eval/tempeval3/TBAQ-cleaned) and print the
# scorer's figures: strict / relaxed span F1, type and value F1.
#
# Usage: tests/slow/score_timex.sh [BUILD_DIR] [--errors N]
#   runs the whole pipeline through BUILD_DIR/examples/extract.
# Environment: NERVE_SHARED_DIR (default: <source>/../shared), PYTHON
# (default /usr/bin/python3).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build="$src/build"
mode=extract
errors=0
while [ $# -gt 0 ]; do
    case "$1" in
    --extract) ;; # the only mode (kept for old command lines)
    --errors) errors=$2; shift ;;
    *) build=$1 ;;
    esac
    shift
done
shared=${NERVE_SHARED_DIR:-$src/../shared}
py=${PYTHON:-/usr/bin/python3}
data="$shared/eval/tempeval3/TBAQ-cleaned"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$py" "$shared/eval/timeml_to_jsonl.py" "$data"/*/*.tml > "$tmp/gold.jsonl"
"$build/examples/extract" --data-dir "$build" --input-format jsonl --format jsonl "$tmp/gold.jsonl" > "$tmp/sys.jsonl"
echo "TempEval-3 TBAQ ($(wc -l < "$tmp/gold.jsonl") documents), system: $mode"
"$py" "$shared/eval/score_timex.py" "$tmp/gold.jsonl" "$tmp/sys.jsonl" --errors "$errors"
# per type (gold type; relaxed matches with the right value)
"$py" - "$tmp/gold.jsonl" "$tmp/sys.jsonl" <<'PY'
import json, sys, collections
gold = [json.loads(l) for l in open(sys.argv[1])]
sysd = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[2])}
T = ("DATE", "TIME", "DURATION", "SET")
ng, ns, rel, val = (collections.Counter() for _ in range(4))
for g in gold:
    s = [m for m in sysd.get(g["id"], {}).get("mentions", []) if m.get("type") in T]
    for m in s:
        ns[m["type"]] += 1
    used = set()
    for gt in g["timex"]:
        ng[gt["type"]] += 1
        for j, m in enumerate(s):
            if j not in used and m["char_start"] < gt["char_end"] and gt["char_start"] < m["char_end"]:
                used.add(j)
                if m["type"] == gt["type"]:
                    rel[gt["type"]] += 1
                    val[gt["type"]] += (m.get("value") or "") == (gt["value"] or "")
                break
def f(tp, a, b):
    p = tp / a if a else 0; r = tp / b if b else 0
    return 2 * p * r / (p + r) * 100 if p + r else 0
print("per type (relaxed match with the same type / and the same value):")
for t in T:
    print(f"  {t:9} gold {ng[t]:5} system {ns[t]:5}  relaxed+type F1 {f(rel[t], ns[t], ng[t]):6.2f}  value F1 {f(val[t], ns[t], ng[t]):6.2f}")
PY
