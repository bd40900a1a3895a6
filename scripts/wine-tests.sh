#!/usr/bin/env bash
# The Windows tests (issue 15): guanai.exe from an unpacked Windows archive, run under Wine.
#
#   scripts/wine-tests.sh DIR LINUX_GUANAI
#
# DIR is the unzipped dist/guanai-<version>-windows-x64 folder (guanai.exe, 演示数据/收件箱 …);
# LINUX_GUANAI the Linux binary the demo's JSON is compared with. Needs Debian's wine64 and
# x86_64-w64-mingw32-gcc (for the test-only bcryptprimitives.dll Wine 8 lacks). Each test
# prints one line "通过 …" or "失败 …"; the script exits 1 when any fails.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dist="$(cd "${1:?unpacked Windows dist folder}" && pwd)"
linux="$(cd "$(dirname "${2:?Linux guanai binary}")" && pwd)/$(basename "$2")"
exe="$dist/guanai.exe"
wine=/usr/lib/wine/wine64
[ -x "$wine" ] || wine="$(command -v wine64 || command -v wine)"

work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
"$wine" wineboot -i >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  "$here/wine/bcryptprimitives.c" -Wl,--kill-at
x86_64-w64-mingw32-gcc -municode -O2 -o "$work/hold.exe" "$here/wine/hold.c"

# A Linux path as Windows sees it under Wine: Z:\tmp\…, with backslashes.
win() { local p; p="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; printf 'Z:%s' "${p//\//\\}"; }
run() { "$wine" "$exe" "$@" </dev/null; }
failed=0
pass() { echo "通过  $1"; }
fail() { echo "失败  $1"; failed=1; }

# 1. The demo through guanai.exe gives the Linux binary's JSON, byte for byte (but for
#    generated_at, the run's time).
demo="$dist/演示数据/收件箱"
(cd "$work" && run check "$(win "$demo")" --month 2023-01 -o out.xlsx --json win.json >win.txt 2>&1)
code=$?
"$linux" check "$demo" --month 2023-01 -o "$work/lin.xlsx" --json "$work/lin.json" -q
sed -i '/"generated_at"/d' "$work/win.json" "$work/lin.json"
if [ $code -eq 0 ] && cmp -s "$work/win.json" "$work/lin.json"; then
  pass "演示数据：guanai.exe 的 JSON 与 Linux 版逐字节相同（$(wc -c <"$work/win.json") 字节）"
else
  fail "演示数据：退出码 $code，JSON $(cmp "$work/win.json" "$work/lin.json" 2>&1 | head -1)"
fi

# 2. Double-click (no arguments): the first run makes 收件箱 and 使用说明.txt, the second checks it.
clerk="$work/区民政局 一月"
mkdir -p "$clerk"
(cd "$clerk" && run >first.txt 2>&1)
if [ -f "$clerk/收件箱/使用说明.txt" ] && grep -q "收件箱" "$clerk/first.txt"; then
  cp -r "$demo"/. "$clerk/收件箱/"
  (cd "$clerk" && run >second.txt 2>&1)
  books=$(find "$clerk/汇总结果" -name '*.xlsx' 2>/dev/null | wc -l)
  if [ -f "$clerk/汇总结果/关爱帮扶汇总_2023年01月.xlsx" ] && [ -f "$clerk/汇总结果/关爱服务记录汇总_2023年01月.xlsx" ] \
    && [ "$books" -ge 5 ]; then
    pass "双击（收件箱）：第一次建立收件箱和使用说明，第二次写出汇总表、关爱记录汇总和 $((books - 2)) 份反馈"
  else
    fail "双击（收件箱）：第二次运行后汇总结果中只有 $books 个工作簿：$(tail -3 "$clerk/second.txt")"
  fi
else
  fail "双击（收件箱）：第一次运行未建立收件箱：$(cat "$clerk/first.txt")"
fi

# 3. A folder dropped onto guanai.exe: 汇总结果 beside it.
drop="$work/拖放 测试/一月 材料"
mkdir -p "$drop" && cp -r "$demo"/. "$drop/"
(cd "$work" && run "$(win "$drop")" >drop.txt 2>&1)
code=$?
if [ $code -eq 0 ] && [ -f "$work/拖放 测试/汇总结果/关爱帮扶汇总_2023年01月.xlsx" ]; then
  pass "拖放文件夹：汇总结果写在被拖放文件夹旁边（$(win "$work/拖放 测试/汇总结果")）"
else
  fail "拖放文件夹：退出码 $code：$(tail -3 "$work/drop.txt")"
fi

# 4. Spaces, Chinese characters and backslashes in every path.
out="$work/结果 目录"
mkdir -p "$out"
(cd "$work" && run check "$(win "$drop")" --month 2023-01 -o "$(win "$out")\\汇总 一月.xlsx" \
  --json "$(win "$out")\\摘要 一月.json" --feedback-dir "$(win "$out")\\反馈 各镇" >paths.txt 2>&1)
code=$?
if [ $code -eq 0 ] && [ -f "$out/汇总 一月.xlsx" ] && [ -f "$out/汇总 一月_关爱记录.xlsx" ] && [ -f "$out/摘要 一月.json" ] \
  && [ -d "$out/反馈 各镇" ]; then
  pass "含空格、中文和反斜杠的路径：汇总表、关爱记录汇总、JSON、反馈都已写出"
else
  fail "含空格、中文和反斜杠的路径：退出码 $code：$(tail -3 "$work/paths.txt")"
fi

# 5. A read-only output folder: a clear Chinese message and exit code 1, nothing read.
locked="$work/只读 文件夹"
mkdir -p "$locked" && chmod 555 "$locked"
(cd "$work" && run check "$(win "$demo")" --month 2023-01 -o "$(win "$locked")\\汇总.xlsx" >ro.txt 2>&1)
code=$?
if [ $code -eq 1 ] && grep -q "只读" "$work/ro.txt" && [ -z "$(ls -A "$locked")" ]; then
  pass "只读的输出文件夹：退出码 1，提示“$(tr -d '\r' <"$work/ro.txt" | head -1)”"
else
  fail "只读的输出文件夹：退出码 $code：$(cat "$work/ro.txt")"
fi

# 6. The workbook open in Excel (held without sharing): the Chinese message names Excel, the JSON
#    is still written, exit code 1.
open_book="$work/已打开/汇总.xlsx"
mkdir -p "$(dirname "$open_book")"
"$wine" "$work/hold.exe" "$(win "$open_book")" 20 </dev/null &
holder=$!
for _ in $(seq 50); do [ -e "$open_book" ] && break; sleep 0.2; done
(cd "$work" && run check "$(win "$demo")" --month 2023-01 -o "$(win "$open_book")" \
  --json "$(win "$work/已打开")\\摘要.json" >held.txt 2>&1)
code=$?
kill $holder 2>/dev/null; wait $holder 2>/dev/null
if [ $code -eq 1 ] && grep -q "Excel" "$work/held.txt" && [ -s "$work/已打开/摘要.json" ]; then
  pass "汇总表正在 Excel 中打开：退出码 1，JSON 照常写出，提示“$(tr -d '\r' <"$work/held.txt" | tail -1)”"
else
  fail "汇总表正在 Excel 中打开：退出码 $code：$(cat "$work/held.txt")"
fi

# 7. Two months in a row in the inbox mode (double-click): the second month's workbook has a
#    台账变动 sheet compared with the first, and 关爱历史.sqlite lies beside 收件箱.
months="$dist/演示数据/三个月"
clerk="$work/区民政局 按月"
mkdir -p "$clerk/收件箱"
cp -r "$months/2022-12"/. "$clerk/收件箱/"
(cd "$clerk" && run >m1.txt 2>&1)
rm -rf "$clerk/收件箱"/* && cp -r "$months/2023-01"/. "$clerk/收件箱/"
(cd "$clerk" && run >m2.txt 2>&1)
book="$clerk/汇总结果/关爱帮扶汇总_2023年01月.xlsx"
said=$(python3 - "$book" <<'PY' 2>&1
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = z.read("xl/workbook.xml").decode()
    text = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    text += "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
print("ok" if "台账变动" in names and "与 2022年12月（记录于" in text else "no 台账变动 against 2022年12月")
PY
)
if [ "$said" = ok ] && [ -f "$clerk/关爱历史.sqlite" ] && grep -q "与 2022年12月 相比" "$clerk/m2.txt"; then
  pass "按月双击两次：第二个月的汇总表有“台账变动”（与 2022年12月 相比），关爱历史.sqlite 在收件箱旁"
else
  fail "按月双击两次：$said；$(tail -5 "$clerk/m2.txt")"
fi

# 8. The demo with the two registers (one an .xls export) through guanai.exe: the Linux
#    binary's JSON, byte for byte, with its K05 and K06.
registers="$dist/演示数据/名册"
(cd "$work" && run check "$(win "$demo")" "$(win "$registers")" --month 2023-01 -o reg.xlsx --json winreg.json >winreg.txt 2>&1)
code=$?
"$linux" check "$demo" "$registers" --month 2023-01 -o "$work/linreg.xlsx" --json "$work/linreg.json" -q
sed -i '/"generated_at"/d' "$work/winreg.json" "$work/linreg.json"
if [ $code -eq 0 ] && cmp -s "$work/winreg.json" "$work/linreg.json" && grep -q '"K05"' "$work/winreg.json" && grep -q '"K06"' "$work/winreg.json"; then
  pass "名册：guanai.exe 的 JSON 与 Linux 版逐字节相同，含 K05、K06"
else
  fail "名册：退出码 $code，JSON $(cmp "$work/winreg.json" "$work/linreg.json" 2>&1 | head -1)"
fi

exit $failed
