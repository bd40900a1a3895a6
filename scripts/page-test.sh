#!/usr/bin/env bash
# guanai.html tested in a real browser (issue 30): Debian's chromium, headless, driven by
# Playwright (tests/page/page.test.mjs), the page opened from file:// with networking off.
#   scripts/page-test.sh [PAGE]        (default: dist/guanai.html, built if missing)
# For the demo inbox (dropped as a folder, then chosen as one) and for a township's mail zip
# (dropped as a file):
# the page's JSON must be byte-identical to the command line's for the same files at the
# same clock (GUANAI_NOW), its workbooks must read back cell for cell as the command line's,
# and it must make no network request. Then the scale-1 benchmark district runs in the page
# and on the command line, and both times are printed (no limit asserted: timing lives in
# notes, not tests). Then a district six times that size, which no tab's WebAssembly holds,
# must end in the page's Chinese message. Artefacts, the screenshots among them, stay in
# target/page-test/.
# Needs chromium (Debian) and node with npm; installs playwright-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
page=${1:-dist/guanai.html}
[ -f "$page" ] || scripts/page.sh "$page"
(cd tests/page && npm ci --no-audit --no-fund --silent)
cargo build --release --locked --quiet --bin guanai --example readback --example gen_district
work=target/page-test
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || echo "== 注意：没有中文字体（apt-get install fonts-noto-cjk），截图中的汉字会显示成方框"
rm -rf "$work" && mkdir -p "$work"
export GUANAI_NOW=2026-01-05T09:30:00
failed=0

# same NAME MONTH INPUT: the command line on INPUT, then the page with INPUT chosen or dropped.
same() {
  local name=$1 month=$2 input=$3 cli=$work/$1/cli web=$work/$1/page
  mkdir -p "$cli"
  # In its own folder, the workbooks under their default names, as the page names them.
  local args=(check "$PWD/$input" --no-history --quiet --json out.json --feedback-dir 反馈)
  [ -n "$month" ] && args+=(--month "$month")
  local began=$(date +%s%N)
  (cd "$cli" && "$OLDPWD/target/release/guanai" "${args[@]}") || true
  local cli_ms=$(( ($(date +%s%N) - began) / 1000000 ))
  if [ -d "$input" ]; then
    node tests/page/page.test.mjs "$page" "$web" "$input" "$month"
  else
    node tests/page/page.test.mjs "$page" "$web" "" "$month" "$input"
  fi
  python3 -m zipfile -e "$web"/关爱帮扶汇总结果_*.zip "$web/zip"
  for f in "$web"/关爱帮扶汇总_*.*; do
    cmp "$f" "$web/zip/$(basename "$f")" || { echo "== $name: $(basename "$f") differs from the zip's"; failed=1; }
  done
  echo "== $name: command line ${cli_ms} ms, page $(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$web/result.json") s (file chosen to summary shown)"
  if cmp "$cli/out.json" "$web/zip"/关爱帮扶汇总_*.json; then
    echo "== $name: JSON byte-identical to the command line's"
  else
    echo "== $name: JSON differs from the command line's"; failed=1
  fi
  for f in "$cli"/*.xlsx; do
    compare_cells "$f" "$web/zip/$(basename "$f")" "$name $(basename "$f")"
  done
  for f in "$cli/反馈"/*.xlsx; do
    compare_cells "$f" "$web/zip/各镇（街道）问题反馈/$(basename "$f")" "$name $(basename "$f")"
  done
}

# compare_cells A B WHAT: the same values in the same cells (how a text is stored, in the
# shared table or in the cell, may differ: the page keeps every sheet in memory).
cells() {
  target/release/examples/readback --cells "$1" 2>/dev/null | sed 's/\tSharedString(/\tString(/'
}
compare_cells() {
  if [ -f "$2" ] && cmp -s <(cells "$1") <(cells "$2"); then
    echo "   $3: the same cells"
  else
    echo "   $3: cells differ or missing"; failed=1
  fi
}

same demo 2023-01 fixtures/demo
same mail 2023-01 "fixtures/mail/收件箱/井口街道1月材料.zip"
# Broken and hostile files, one of them panicking a reader: the page starts over without it.
same hostile 2023-01 fixtures/hostile
if [ ! -d bench-data/scale1 ]; then
  # Beside the test's folder, not in it: the outputs of `same scale1` go there.
  scale1=target/page-test-scale1
  [ -d "$scale1" ] || target/release/examples/gen_district --scale 1 "$scale1" >/dev/null
else
  scale1=bench-data/scale1
fi
same scale1 "" "$scale1"

# A district six times that size is more than a tab's WebAssembly holds (4 GB): the page must
# say so in Chinese, not stop without a word or show the engine's English.
scale6=target/page-test-scale6
[ -d "$scale6" ] || target/release/examples/gen_district --scale 6 "$scale6" >/dev/null
if EXPECT=out-of-memory node tests/page/page.test.mjs "$page" "$work/scale6/page" "$scale6" ""; then
  echo "== scale6: the page said it ran out of memory: $(cat "$work/scale6/page/summary.txt")"
else
  echo "== scale6: the page did not say it ran out of memory"; failed=1
fi
echo "== screenshots: $work/*/page/screenshot.png"
[ $failed = 0 ] || { echo "== the page test failed"; exit 1; }
echo "== the page test passed"
