#!/usr/bin/env bash
# The ARM64 download tested under qemu-user (issue 30, SPEC §10): its guanai runs the demo
# inbox and a mail zip and must give the same JSON, byte for byte, as the x86_64 build's
# for the same files at the same clock (GUANAI_NOW).
#   scripts/arm64-test.sh ARM64_GUANAI X64_GUANAI
# Needs Debian's qemu-user (qemu-aarch64); the binary is static, so no ARM64 sysroot.
set -euo pipefail
cd "$(dirname "$0")/.."
arm=${1:?usage: scripts/arm64-test.sh ARM64_GUANAI X64_GUANAI}
x64=${2:?usage: scripts/arm64-test.sh ARM64_GUANAI X64_GUANAI}
file "$arm" 2>/dev/null | grep -q 'ARM aarch64' || { echo "== $arm is not an ARM64 program"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GUANAI_NOW=2026-01-05T09:30:00
failed=0
for input in fixtures/demo "fixtures/mail/收件箱"; do
  for build in arm x64; do
    run=("$x64")
    [ $build = arm ] && run=(qemu-aarch64 "$arm")
    "${run[@]}" check "$input" --month 2023-01 --no-history --quiet -o "$work/$build.xlsx" --json "$work/$build.json" || true
  done
  if cmp "$work/arm.json" "$work/x64.json"; then
    echo "== ARM64 under qemu-user, $input: JSON byte-identical to x86_64's ($(wc -c <"$work/arm.json") bytes)"
  else
    echo "== ARM64 under qemu-user, $input: JSON differs from x86_64's"; failed=1
  fi
done
qemu-aarch64 "$arm" --version
exit $failed
