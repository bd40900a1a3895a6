#!/usr/bin/env bash
# Regenerates fixtures/demo and fixtures/cases. The .xlsx and .csv files come from the
# committed generator (examples/gen_fixtures.rs, rust_xlsxwriter); the .xls files are
# converted from generated .xlsx by LibreOffice (apt-get install libreoffice-calc).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf fixtures/demo fixtures/cases fixtures/formats
cargo run --quiet --example gen_fixtures -- fixtures
soffice --headless --convert-to xls --outdir fixtures/demo/歌乐山街道 fixtures/.staging/歌乐山街道社工名单.xlsx >/dev/null
soffice --headless --convert-to ods --outdir fixtures/formats fixtures/.staging/名单_ods.xlsx >/dev/null
rm -rf fixtures/.staging
echo "fixtures regenerated"
