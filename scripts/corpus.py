#!/usr/bin/env python3
"""The real-world corpus gate (issue 28): run guanai over folders of public test files and
check what a clerk would see, against facts found independently of guanai.

    python3 scripts/corpus.py GUANAI DIR...

For every file the script decides by itself (msoffcrypto-tool and olefile, the zip listing)
whether it is encrypted and whether it holds an Excel 4 macro or dialog sheet, then reads
guanai's JSON and counts:
  - encrypted workbooks and how many guanai says 设有密码 for (F02);
  - macro-sheet workbooks (not encrypted) and how many guanai read (no F02);
  - F messages carrying English words (a reader library's text leaking to the clerk).
Exit status 1 when any encrypted file is not 设有密码, any macro-sheet workbook is F02, or
any F message has English. Needs: pip install msoffcrypto-tool (brings olefile).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

import msoffcrypto
import olefile

WORKBOOK = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".docx", ".csv", ".et", ".zip")
# File extensions, cell references and the product's own terms are not English prose.
ALLOWED = re.compile(r"^(xlsx|xlsm|xlsb|xls|ods|csv|docx|doc|wps|et|zip|rar|7z|Excel|WPS|Word|"
                     r"Office|LibreOffice|UTF|GBK|GB18030|MB|GB|KB|[A-Z]{1,3}\d+)$")


def encrypted(path):
    try:
        with open(path, "rb") as f:
            return msoffcrypto.OfficeFile(f).is_encrypted()
    except Exception:
        return False


def xls_macro_sheets(path):
    """BOUNDSHEET records (0x0085) of type 1 (macro) or 3/5 (dialog, in BIFF8 via flags)."""
    try:
        ole = olefile.OleFileIO(path)
        name = "Workbook" if ole.exists("Workbook") else "Book"
        data = ole.openstream(name).read()
    except Exception:
        return False
    pos = 0
    while pos + 4 <= len(data):
        rec, size = int.from_bytes(data[pos:pos + 2], "little"), int.from_bytes(data[pos + 2:pos + 4], "little")
        body = data[pos + 4:pos + 4 + size]
        if rec == 0x0085 and len(body) >= 6 and body[5] == 1:
            return True
        if rec == 0x000A:  # EOF of the globals
            return False
        pos += 4 + size
    return False


def macro_sheets(path):
    if path.lower().endswith((".xls",)):
        return xls_macro_sheets(path)
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.startswith(("xl/macrosheets/", "xl/dialogsheets/")) for n in z.namelist())
    except Exception:
        return False


def english(text, paths):
    """English words in a message, leaving out what the message quotes from the file itself:
    “…” values, the sheet names of F03's list, file names and extensions."""
    text = re.sub(r"“[^”]*”", "", text)
    text = re.sub(r"工作表（[^）]*）", "", text)
    for path in paths:
        text = text.replace(path, "")
    text = re.sub(r"\.[A-Za-z0-9]+", "", text)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_']{2,}", text)
    return [w for w in words if not ALLOWED.match(w)]


def run(guanai, folder, out):
    json_path = os.path.join(out, "corpus.json")
    subprocess.run([guanai, "check", folder, "--json", json_path, "-o", os.path.join(out, "corpus.xlsx"),
                    "--month", "2023-01"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(json_path, encoding="utf-8") as f:
        return json.load(f)


def gate(guanai, folder, out):
    report = run(guanai, folder, out)
    issues = {}
    for i in report["issues"]:
        if i["code"].startswith("F"):
            issues.setdefault(i["file"], []).append(i)
    files = {f["path"]: f for f in report["files"]}
    counts = dict(files=len(files), encrypted=0, said_password=0, macro=0, macro_read=0, f_issues=0, english=0)
    bad = []
    for rel, f in files.items():
        path = os.path.join(folder, rel)
        said = " ".join(i["message"] + i["fix"] for i in issues.get(rel, []))
        if encrypted(path):
            counts["encrypted"] += 1
            if "设有密码" in said:
                counts["said_password"] += 1
            else:
                bad.append(f"encrypted, not 设有密码: {rel}: {said}")
        if macro_sheets(path) and not encrypted(path):
            counts["macro"] += 1
            if f["code"] == "F02":
                bad.append(f"macro sheets, F02: {rel}: {said}")
            else:
                counts["macro_read"] += 1
        for i in issues.get(rel, []):
            counts["f_issues"] += 1
            words = english(i["message"] + " " + i["fix"], files)
            if words:
                counts["english"] += 1
                bad.append(f"English in {i['code']}: {rel}: {words}")
    codes = {}
    for f in files.values():
        codes[f["code"] or "ok"] = codes.get(f["code"] or "ok", 0) + 1
    counts["codes"] = dict(sorted(codes.items()))
    return counts, bad


def main():
    guanai, folders = sys.argv[1], sys.argv[2:]
    failed = False
    for folder in folders:
        with tempfile.TemporaryDirectory() as out:
            counts, bad = gate(guanai, folder, out)
        print(folder, json.dumps(counts, ensure_ascii=False))
        for line in bad:
            print("  ", line)
        failed |= bool(bad)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
