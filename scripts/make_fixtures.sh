#!/usr/bin/env bash
# Regenerates fixtures/demo and fixtures/cases. The .xlsx and .csv files come from the
# committed generator (examples/gen_fixtures.rs, rust_xlsxwriter); the .xls files are
# converted from generated .xlsx by LibreOffice (apt-get install libreoffice-calc).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf fixtures/demo fixtures/formats fixtures/dates fixtures/mid_month fixtures/months fixtures/registers fixtures/conventions
# The cases' generated files only: each expect.toml is written by hand.
find fixtures/cases -mindepth 2 -maxdepth 2 ! -name expect.toml -exec rm -rf {} +
cargo run --quiet --example gen_fixtures -- fixtures
cargo run --quiet --example gen_months -- fixtures
cargo run --quiet --example gen_registers -- fixtures
cargo run --quiet --example gen_conventions -- fixtures
# The 低保 household export as the civil-affairs system's .xls, through LibreOffice.
soffice --headless --convert-to xls --outdir fixtures/registers/名册 fixtures/.staging/低保家庭名册.xlsx >/dev/null
soffice --headless --convert-to xls --outdir fixtures/demo/歌乐山街道 fixtures/.staging/歌乐山街道社工名单.xlsx >/dev/null
soffice --headless --convert-to ods --outdir fixtures/formats fixtures/.staging/名单_ods.xlsx >/dev/null
# The wording case again as LibreOffice writes .xls and .ods.
soffice --headless --convert-to xls --outdir fixtures/cases/wording_xls fixtures/.staging/措辞.xlsx >/dev/null
soffice --headless --convert-to ods --outdir fixtures/cases/wording_ods fixtures/.staging/措辞.xlsx >/dev/null
# The two-row ledger header (merged groups) as LibreOffice writes .xls and .ods.
soffice --headless --convert-to xls --outdir fixtures/cases/headers_xls fixtures/cases/headers/对象台账.xlsx >/dev/null
soffice --headless --convert-to ods --outdir fixtures/cases/headers_ods fixtures/cases/headers/对象台账.xlsx >/dev/null
# F07: guanai's own blank template (made by guanai itself) beside a township's ledger.
cargo run --quiet --release -- template fixtures/.staging/templates >/dev/null
cp fixtures/.staging/templates/附件1_社会工作者名单.xlsx fixtures/cases/F07/input/
rm -rf fixtures/.staging
# rust_xlsxwriter has no 1904 switch: set Excel's own workbookPr flag in the written file.
python3 - fixtures/dates/日期写法_1904.xlsx <<'PY'
import sys, zipfile, shutil
path = sys.argv[1]
tmp = path + ".tmp"
with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "xl/workbook.xml":
            data = data.replace(b"<workbookPr", b'<workbookPr date1904="1"', 1)
        dst.writestr(item, data)
shutil.move(tmp, path)
PY
# Files as they arrive by e-mail (zips, Word tables, passwords, macro sheets): needs
# openpyxl and msoffcrypto-tool (pip), LibreOffice with python3-uno, and Info-ZIP's zip.
python3 scripts/make_mail.py
echo "fixtures regenerated"
