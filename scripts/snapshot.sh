#!/usr/bin/env bash
# Every output of guanai on the committed fixtures (and the scale-1 benchmark district), as text
# that two versions can be compared by: each JSON without its run time, each workbook cell by
# cell (examples/readback.rs --cells), each terminal summary. For a behaviour-preserving change:
#
#   scripts/snapshot.sh /tmp/before      # on the old commit
#   scripts/snapshot.sh /tmp/after       # on the new one
#   diff -r /tmp/before /tmp/after       # nothing
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: scripts/snapshot.sh OUTDIR}
rm -rf "$OUT"; mkdir -p "$OUT"
cargo build --release --quiet --bin guanai --example readback --example gen_district
BIN=target/release
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# check <name> <inputs…> [options]: JSON, workbook cells, feedback cells, terminal.
check() {
  local name=$1; shift
  local dir="$WORK/$name"; mkdir -p "$dir"
  "$BIN/guanai" check "$@" -o "$dir/out.xlsx" --json "$dir/out.json" --feedback-dir "$dir/fb" \
    >"$OUT/$name.terminal" 2>&1 || echo "exit $?" >>"$OUT/$name.terminal"
  # The run's own time and the temporary folder's name are the only things that differ.
  sed -i "s#$dir#DIR#g; s#[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]#TIME#g" "$OUT/$name.terminal"
  [ -f "$dir/out.json" ] && grep -v '"generated_at"' "$dir/out.json" >"$OUT/$name.json"
  [ -f "$dir/out.xlsx" ] && "$BIN/examples/readback" --cells "$dir/out.xlsx" | sed 's/生成时间：[^；]*/生成时间/' >"$OUT/$name.cells"
  if [ -d "$dir/fb" ]; then
    for f in "$dir"/fb/*.xlsx; do
      [ -f "$f" ] && "$BIN/examples/readback" --cells "$f" | sed 's/[0-9]\{4\}年[0-9]*月[0-9]*日/DATE/' >"$OUT/$name.fb.$(basename "$f").cells"
    done
  fi
  return 0
}

check demo fixtures/demo --month 2023-01
check mid_month fixtures/mid_month --month 2023-01 --as-of 2023-01-15
for case in fixtures/cases/*/; do
  code=$(basename "$case")
  # A check code's case keeps its files in input/ beside its expectations (tests/cases.rs).
  case=${case%/}; input=$case; [ -d "$case/input" ] && input=$case/input
  config=()
  [ -f "$case/config.toml" ] && config=(--config "$case/config.toml")
  check "case-$code" "$input" --month 2023-01 "${config[@]}"
done
for d in fixtures/dates fixtures/formats; do check "$(basename $d)" "$d" --month 2023-01; done

"$BIN/guanai" cards fixtures/demo -o "$WORK/cards.xlsx" >/dev/null 2>&1
"$BIN/examples/readback" --cells "$WORK/cards.xlsx" >"$OUT/cards.cells"
"$BIN/guanai" template "$WORK/templates" >/dev/null 2>&1
for f in "$WORK"/templates/*.xlsx; do "$BIN/examples/readback" --cells "$f" >"$OUT/template.$(basename "$f").cells"; done

if [ "${SCALE1:-1}" = 1 ]; then
  [ -d bench-data/scale1 ] || "$BIN/examples/gen_district" --scale 1 bench-data/scale1 >/dev/null
  "$BIN/guanai" check bench-data/scale1 --month 2023-01 -o "$WORK/s1.xlsx" --json "$WORK/s1.json" >/dev/null 2>&1
  grep -v '"generated_at"' "$WORK/s1.json" >"$OUT/scale1.json"
  "$BIN/examples/readback" --cells "$WORK/s1.xlsx" | sed 's/生成时间：[^；]*/生成时间/' | sha256sum >"$OUT/scale1.cells.sha256"
fi
ls "$OUT" | wc -l
