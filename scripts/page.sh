#!/usr/bin/env bash
# guanai.html (SPEC §10, issue 30): the library compiled to WebAssembly (the web/ crate),
# its wasm-bindgen glue, the Web Worker and the page, assembled into one self-contained
# file: the module gzip'd and base64'd inside it, a Content-Security-Policy that allows
# the page's own script and style (by hash), the module, a blob: worker, and no connection.
#   scripts/page.sh [OUT]   (default dist/guanai.html)
# Needs the wasm32-unknown-unknown target; builds the wasm-bindgen CLI of the version
# web/Cargo.toml pins into target/tools the first time (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist/guanai.html}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
bindgen_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' web/Cargo.toml)
bindgen=target/tools/bin/wasm-bindgen
if ! "$bindgen" --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen_version"; then
  # Not --locked: the CLI's own lock file names versions this registry may not have.
  cargo install --quiet wasm-bindgen-cli --version "=$bindgen_version" --root target/tools
fi
CARGO_TARGET_DIR=target cargo build --quiet --release --locked --target wasm32-unknown-unknown \
  --manifest-path web/Cargo.toml
glue=target/page
rm -rf "$glue"
"$bindgen" --target no-modules --no-typescript --out-dir "$glue" \
  target/wasm32-unknown-unknown/release/guanai_web.wasm 2>&1 | grep -v 'target_features' || true
mkdir -p "$(dirname "$out")"
python3 - "$glue" "$out" "$version" <<'PY'
import base64, gzip, hashlib, pathlib, sys
glue, out, version = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
page = pathlib.Path("web/page")
wasm = (glue / "guanai_web_bg.wasm").read_bytes()
worker = (glue / "guanai_web.js").read_text() + "\n" + (page / "worker.js").read_text()
script = (page / "page.js").read_text()
style = (page / "page.css").read_text()
def digest(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
csp = ("default-src 'none'; script-src " + digest(script) + " 'wasm-unsafe-eval'; worker-src blob:; "
       "style-src " + digest(style) + "; img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")
for text, what in ((worker, "worker"), (script, "page script")):
    assert "</script" not in text.lower(), what + " would end its script element"
html = (page / "page.html").read_text()
packed = base64.b64encode(gzip.compress(wasm, 9, mtime=0)).decode()
for key, value in (("CSP", csp), ("VERSION", version), ("STYLE", style), ("SCRIPT", script),
                   ("WORKER", worker), ("WASM", packed)):
    assert "{{" + key + "}}" in html, key
    html = html.replace("{{" + key + "}}", value)
out.write_text(html)
print(f"{out}: {len(html.encode()) / 1e6:.2f} MB (module {len(wasm) / 1e6:.2f} MB, gzip'd {len(packed) * 3 / 4e6:.2f} MB)")
PY
