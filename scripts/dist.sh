#!/usr/bin/env bash
# The downloads (issue 15, SPEC §10), built on Linux:
#   dist/guanai-<version>-windows-x64.zip   guanai.exe, 使用说明.txt and 配置示例.toml (CRLF, BOM), 模板/, 演示数据/收件箱/, 演示数据/三个月/, 演示数据/名册/
#   dist/guanai-<version>-linux-x64.tar.gz  the same for 统信UOS/麒麟 (guanai, 使用说明.txt)
# Needs the x86_64-pc-windows-gnu target and Debian's gcc-mingw-w64-x86-64 (linker, windres).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
cargo build --profile dist --locked --target x86_64-pc-windows-gnu
cargo build --profile dist --locked
rm -rf dist && mkdir -p dist/stage
for platform in windows linux; do
  name="guanai-$version-$platform-x64"
  dir="dist/stage/$name"
  mkdir -p "$dir/演示数据"
  if [ $platform = windows ]; then
    cp target/x86_64-pc-windows-gnu/dist/guanai.exe "$dir/"
    # Notepad shows UTF-8 Chinese reliably with a BOM and CRLF line ends.
    printf '\xef\xbb\xbf' >"$dir/使用说明.txt"
    sed 's/$/\r/' templates/使用说明.txt >>"$dir/使用说明.txt"
    printf '\xef\xbb\xbf' >"$dir/配置示例.toml"
    sed 's/$/\r/' templates/配置示例.toml >>"$dir/配置示例.toml"
  else
    cp target/dist/guanai "$dir/"
    sed 's#\\#/#g' templates/使用说明.txt >"$dir/使用说明.txt"
    cp templates/配置示例.toml "$dir/"
  fi
  cp docs/json.md "$dir/JSON字段说明.md"
  target/dist/guanai template "$dir/模板" >/dev/null
  cp -r fixtures/demo "$dir/演示数据/收件箱"
  # Three months in a row, to try the history (台账变动, 连续未达标, 趋势): README "试一试".
  cp -r fixtures/months "$dir/演示数据/三个月"
  # Two civil-affairs registers against the demo's ledgers (K05, K06): 使用说明 "先试一试".
  cp -r fixtures/registers/名册 "$dir/演示数据/名册"
done
(cd dist/stage && python3 -m zipfile -c "../guanai-$version-windows-x64.zip" "guanai-$version-windows-x64")
tar -C dist/stage -czf "dist/guanai-$version-linux-x64.tar.gz" "guanai-$version-linux-x64"
rm -rf dist/stage
ls -l dist
