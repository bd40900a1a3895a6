#!/usr/bin/env bash
# The downloads (issue 15, SPEC §10), built on Linux:
#   dist/guanai-<version>-windows-x64.zip   guanai.exe, 使用说明.txt and 配置示例.toml (CRLF, BOM), 模板/, 演示数据/收件箱/, 演示数据/三个月/, 演示数据/名册/
#   dist/guanai-<version>-linux-x64.tar.gz  the same for 统信UOS/麒麟 (guanai, 使用说明.txt)
#   dist/guanai-<version>-linux-arm64.tar.gz  the same for 麒麟/统信 on ARM64 (飞腾, 鲲鹏): statically
#                                            linked, so it runs whatever the PC's glibc
#   dist/guanai.html                         the page (scripts/page.sh), also inside each of the above
# Needs the x86_64-pc-windows-gnu, aarch64-unknown-linux-gnu and wasm32-unknown-unknown targets,
# Debian's gcc-mingw-w64-x86-64 (linker, windres) and gcc-aarch64-linux-gnu with
# libc6-dev-arm64-cross (linker, C compiler for SQLite, static libc).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
cargo build --profile dist --locked --target x86_64-pc-windows-gnu
cargo build --profile dist --locked
# Linked statically (.cargo/config.toml): 麒麟 V10 and 统信 UOS 20 have an older glibc.
cargo build --profile dist --locked --target aarch64-unknown-linux-gnu
rm -rf dist && mkdir -p dist/stage
scripts/page.sh dist/guanai.html
for platform in windows-x64 linux-x64 linux-arm64; do
  name="guanai-$version-$platform"
  dir="dist/stage/$name"
  mkdir -p "$dir/演示数据"
  cp dist/guanai.html "$dir/"
  if [ $platform = windows-x64 ]; then
    cp target/x86_64-pc-windows-gnu/dist/guanai.exe "$dir/"
    # Notepad shows UTF-8 Chinese reliably with a BOM and CRLF line ends.
    printf '\xef\xbb\xbf' >"$dir/使用说明.txt"
    sed 's/$/\r/' templates/使用说明.txt >>"$dir/使用说明.txt"
    printf '\xef\xbb\xbf' >"$dir/配置示例.toml"
    sed 's/$/\r/' templates/配置示例.toml >>"$dir/配置示例.toml"
  else
    if [ $platform = linux-x64 ]; then
      cp target/dist/guanai "$dir/"
    else
      cp target/aarch64-unknown-linux-gnu/dist/guanai "$dir/"
    fi
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
for platform in linux-x64 linux-arm64; do
  tar -C dist/stage -czf "dist/guanai-$version-$platform.tar.gz" "guanai-$version-$platform"
done
rm -rf dist/stage
ls -l dist
