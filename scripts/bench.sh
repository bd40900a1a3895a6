#!/usr/bin/env bash
# Benchmark: guanai check against the floor (examples/floor.rs: calamine read + rust_xlsxwriter
# write of the visit rows, nothing else), at district scale (1) and city scale (10). The floor
# reads as guanai reads (file bytes, .xlsx sheets through calamine's cells reader) and writes as
# guanai writes (low-memory worksheets, shared strings, zip level 1): the ratio is an honest one.
# Prints median wall time and peak RSS of each, the ratio, and checks that the JSON is
# the same on 1 and 2 threads and that the scale-10 workbooks open with their split sheets;
# then both workbooks' sizes, the summary's open time in LibreOffice and the records
# workbook's rows against the JSON.
#
#   scripts/bench.sh            # 5 runs at scale 1, 3 at scale 10
#   RUNS=3 SCALES="1" scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SCALES=${SCALES:-"1 10"}
DATA=bench-data
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

cargo build --release --quiet --bin guanai --example gen_district --example floor --example readback
BIN=target/release

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# One timed run: prints "seconds kilobytes".
timed() { /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/err" || { cat "$OUT/err"; exit 1; }; cat "$OUT/time"; }

echo "floor: examples/floor.rs, same reading and writing settings as guanai (shared strings, zip level 1)"
echo "volume floor: examples/floor.rs --volume, the same floor writing as many cells as guanai's workbook holds"
printf '| scale | visit rows | floor median s | guanai median s | ratio | floor peak RSS MiB | guanai peak RSS MiB | RSS ratio | volume floor median s | volume floor / floor | guanai / volume floor |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
for scale in $SCALES; do
  dir="$DATA/scale$scale"
  [ -d "$dir" ] || "$BIN/examples/gen_district" --scale "$scale" "$dir" >/dev/null
  : >"$OUT/floor"; : >"$OUT/guanai"; : >"$OUT/beside"; : >"$OUT/volume"; : >"$OUT/history$scale"
  rm -f "$OUT/h$scale.sqlite"
  runs=$RUNS; [ "$scale" -ge 10 ] && runs=$(( RUNS < 3 ? RUNS : 3 ))
  for _ in $(seq "$runs"); do
    timed "$BIN/examples/floor" "$dir" "$OUT/floor.xlsx" >>"$OUT/floor"
    timed "$BIN/examples/floor" --volume "$dir" "$OUT/volume.xlsx" >>"$OUT/volume"
    timed "$BIN/guanai" check "$dir" --month 2023-01 -o "$OUT/guanai$scale.xlsx" --json "$OUT/guanai$scale.json" >>"$OUT/guanai"
    # The same run recording into a history file (SPEC §11): the first creates it, the
    # later ones replace the month.
    timed "$BIN/guanai" check "$dir" --month 2023-01 -o "$OUT/hist$scale.xlsx" --json "$OUT/hist$scale.json" \
      --history "$OUT/h$scale.sqlite" >>"$OUT/history$scale"
    # This machine's speed drifts over minutes: a scale-1 run beside each scale-10 run
    # gives the scale ratio from the same minutes too.
    if [ "$scale" -ge 10 ] && [ -d "$DATA/scale1" ]; then
      timed "$BIN/guanai" check "$DATA/scale1" --month 2023-01 -o "$OUT/beside.xlsx" --json "$OUT/beside.json" >>"$OUT/beside"
    fi
  done
  ft=$(cut -d' ' -f1 "$OUT/floor" | median); gt=$(cut -d' ' -f1 "$OUT/guanai" | median); vt=$(cut -d' ' -f1 "$OUT/volume" | median)
  fm=$(cut -d' ' -f2 "$OUT/floor" | sort -n | tail -1); gm=$(cut -d' ' -f2 "$OUT/guanai" | sort -n | tail -1)
  rows=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['visits_accepted'])" "$OUT/guanai$scale.json")
  awk -v s="$scale" -v r="$rows" -v ft="$ft" -v gt="$gt" -v fm="$fm" -v gm="$gm" -v vt="$vt" 'BEGIN {
    printf "| %s | %s | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", s, r, ft, gt, gt/ft, fm/1024, gm/1024, gm/fm, vt, vt/ft, gt/vt }'
  echo "$gt" >"$OUT/median$scale"
  ht=$(cut -d' ' -f1 "$OUT/history$scale" | median)
  printf '%s|%s|%s|%s|%s\n' "$scale" "$gt" "$ht" "$(stat -c %s "$OUT/h$scale.sqlite")" "$(cut -d' ' -f1 "$OUT/history$scale" | tr '\n' ' ')" >>"$OUT/histories"
done

if [ -s "$OUT/histories" ]; then
  printf '\nhistory (SPEC §11): the same run with --history FILE against without, alternating\n'
  printf '| scale | without median s | with history median s | recording cost | history file MiB | runs with history, in order (s) |\n|---|---|---|---|---|---|\n'
  while IFS='|' read -r s g h size runs; do
    awk -v s="$s" -v g="$g" -v h="$h" -v z="$size" -v r="$runs" 'BEGIN {
      printf "| %s | %.2f | %.2f | %+.1f %% | %.1f | %s|\n", s, g, h, (h/g-1)*100, z/1048576, r }'
  done <"$OUT/histories"
fi

if [ -f "$OUT/median1" ] && [ -f "$OUT/median10" ]; then
  awk -v a="$(cat "$OUT/median1")" -v b="$(cat "$OUT/median10")" 'BEGIN { printf "\nscale 10 / scale 1 (guanai): %.2f×\n", b/a }'
fi
if [ -s "$OUT/beside" ] && [ -f "$OUT/median10" ]; then
  a=$(cut -d' ' -f1 "$OUT/beside" | median)
  awk -v a="$a" -v b="$(cat "$OUT/median10")" 'BEGIN { printf "scale 10 / scale 1 (guanai), scale-1 runs beside the scale-10 runs (median %.2f s): %.2f×\n", a, b/a }'
fi

if [ -d "$DATA/scale1" ]; then
  RAYON_NUM_THREADS=1 "$BIN/guanai" check "$DATA/scale1" --month 2023-01 -o "$OUT/t1.xlsx" --json "$OUT/t1.json" >/dev/null
  RAYON_NUM_THREADS=2 "$BIN/guanai" check "$DATA/scale1" --month 2023-01 -o "$OUT/t2.xlsx" --json "$OUT/t2.json" >/dev/null
  # generated_at (the run's time) is the one key two runs differ in (docs/json.md).
  sed -i '/"generated_at"/d' "$OUT/t1.json" "$OUT/t2.json"
  if cmp -s "$OUT/t1.json" "$OUT/t2.json"; then echo "JSON identical with RAYON_NUM_THREADS=1 and 2 (scale 1)"; else echo "JSON DIFFERS between 1 and 2 threads"; exit 1; fi
fi

# The two workbooks (SPEC §6): their sizes, how long the summary takes to open (LibreOffice
# headless converting 总览 to csv, a proxy for the clerk's double-click), and the records
# workbook read back: one row per accepted record, counted against the JSON.
printf '\n| scale | summary MiB | records MiB | summary opened in LibreOffice s | records rows read back | JSON visits_accepted |\n|---|---|---|---|---|---|\n'
for scale in $SCALES; do
  [ -f "$OUT/guanai$scale.xlsx" ] || continue
  records="$OUT/guanai${scale}_关爱记录.xlsx"
  opened="n/a"
  if command -v soffice >/dev/null; then
    mkdir -p "$OUT/csv$scale"
    start=$(date +%s.%N)
    soffice --headless -env:UserInstallation=file://"$OUT/lo" --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76,1,,0,false,true,false,false,false,1 \
      --outdir "$OUT/csv$scale" "$OUT/guanai$scale.xlsx" >/dev/null 2>&1 || true
    opened=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  fi
  read_back=$("$BIN/examples/readback" "$records" | awk -F'\t' '{ n += $2 - 1 } END { print n }')
  accepted=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['visits_accepted'])" "$OUT/guanai$scale.json")
  awk -v s="$scale" -v a="$(stat -c %s "$OUT/guanai$scale.xlsx")" -v b="$(stat -c %s "$records")" -v o="$opened" -v r="$read_back" -v j="$accepted" \
    'BEGIN { printf "| %s | %.1f | %.1f | %s | %s | %s |\n", s, a/1048576, b/1048576, o, r, j }'
  [ "$read_back" = "$accepted" ] || { echo "the records workbook holds $read_back rows, the JSON says $accepted"; exit 1; }
done

if [ -f "$OUT/guanai10.xlsx" ]; then
  echo; echo "scale-10 workbooks read back with calamine (sheet, rows):"
  "$BIN/examples/readback" "$OUT/guanai10.xlsx"
  "$BIN/examples/readback" "$OUT/guanai10_关爱记录.xlsx"
fi
