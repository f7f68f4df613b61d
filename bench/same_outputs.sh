#!/bin/bash
# Usage: bench/same_outputs.sh REPO OUTDIR  -- runs a fixed sequence of synth commands (from REPO/.venv) on
# REPO/casestudies and writes every output, normalised (times, hashes, signatures, GUIDs), to OUTDIR/raw.
# Two trees behave the same when `diff -r A/raw B/raw` prints nothing (issue 17: a refactor changes no output).
set -u
REPO=$(cd "$1" && pwd); OUT=$2
rm -rf "$OUT"; mkdir -p "$OUT/raw"; OUT=$(cd "$OUT" && pwd)
export SYNTH_DATA_DIR=$OUT/data SYNTH_ANALYST=ana TZ=UTC PYTHONHASHSEED=0
S="$REPO/.venv/bin/synth"
W=$OUT/work; mkdir -p $W; cd $W
cp -r "$REPO/casestudies" cs
run() { local name=$1; shift; "$S" "$@" >"$OUT/raw/$name.out" 2>"$OUT/raw/$name.err"; echo "rc=$?" >>"$OUT/raw/$name.out"; }
run run run cs --out demo
for f in report.md report.html themes.json; do cp demo/$f "$OUT/raw/$f"; done
run themes themes demo/project
run themes_json themes demo/project --json
run trail_log trail demo/project log
run trail_verify trail demo/project verify
run collate collate demo/project
run fields fields demo/project
run frameworks frameworks
run suggest suggest demo/project
run summarise summarise demo/project
run check check-summaries demo/project
run extract extract cs
run codebook_export codebook demo/project cb.qdc --export
cp cb.qdc "$OUT/raw/cb.qdc" 2>/dev/null
run undo undo demo/project
run redo redo demo/project
mkdir -p rep; run report report demo/project --output rep/r.md; run report_html report demo/project --format html --output rep/r.html; run report_xlsx report demo/project --format xlsx --output rep/r.xlsx; run report_qdpx report demo/project --format qdpx --output rep/r.qdpx
cp rep/* "$OUT/raw/" 2>/dev/null
run form form --help
run init init p2
run import import p2 cs
run themes2 themes p2
for c in $("$S" --help | awk '/^Commands:/{f=1;next} f{print $1}'); do run help_$c $c --help; done
# unpack xlsx and qdpx to xml for diffing
cd "$OUT/raw"
for z in *.xlsx *.qdpx; do [ -f "$z" ] && mkdir -p "unz_$z" && (cd "unz_$z" && unzip -qo "../$z") && rm "$z"; done
# normalise timestamps, hashes, signatures, paths
find "$OUT/raw" -type f | while read -r f; do
  sed -i -E \
    -e "s#$OUT#OUT#g" -e "s#$REPO#REPO#g" \
    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?/TIME/g' \
    -e 's/\b[0-9]{2}:[0-9]{2}(:[0-9]{2})?\b/HH:MM/g' \
    -e 's/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/GUID/g' \
    -e 's/\b[0-9a-f]{12,}\b/HEX/g' \
    -e 's/[A-Za-z0-9+\/_-]{40,}={0,2}/B64/g' \
    -e 's/[0-9]+(\.[0-9]+)? ?(s|ms|seconds)\b/N s/g' \
    "$f"
done
for d in "$OUT"/raw/unz_*/sources; do [ -d "$d" ] && for f in "$d"/*; do mv "$f" "$d/$(md5sum <"$f" | cut -c1-12).${f##*.}"; done; done
echo "outputs in $OUT/raw"
