#!/usr/bin/env python3
"""Fixtures of files as they arrive by e-mail (issue 28), made for real:

fixtures/mail/收件箱   the demo's files zipped per township as mail clients and Windows write
                      them (GBK names without the UTF-8 flag, the flag on, a zip in a zip),
                      with 井口街道's 社工名单 and 井口村's 关爱记录 filled into the notice's
                      附件1/附件2 Word tables (.docx through LibreOffice, merged cells kept)
fixtures/mail/faults  an encrypted zip, a zip with one encrypted member, zip bombs (one
                      honest, one whose header lies), archives nested four deep, a truncated
                      zip, .7z/.rar names, an encrypted .xlsx (msoffcrypto-tool) and .xls
                      (LibreOffice, FILEPASS), an .xlsm with an Excel 4.0 macro sheet, a .doc

Needs: python3 with openpyxl and msoffcrypto-tool, LibreOffice (soffice, python3-uno), zip.
Run from the repository root: python3 scripts/make_mail.py
"""
import datetime
import html
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

DEMO = "fixtures/demo"
OUT = "fixtures/mail"
FIXED_TIME = (2023, 1, 5, 9, 0, 0)


class GbkInfo(zipfile.ZipInfo):
    """A member whose name is written in the Windows code page, the UTF-8 flag off: what
    Windows' 发送到→压缩文件夹 writes on a Chinese PC."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def add(zf, name, data, gbk):
    info = GbkInfo(name, FIXED_TIME) if gbk else zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def zip_bytes(members, gbk):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            add(zf, name, data, gbk)
    return buf.getvalue()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def cell_text(v):
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return f"{v.year}年{v.month}月{v.day}日"
    if isinstance(v, (int, float)) and abs(v) >= 1e15:
        # What Excel's General format shows of a long number, and what a clerk copies into Word.
        mantissa, exponent = f"{v:.5E}".split("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E+{int(exponent)}"
    return str(v)


def table_html(path):
    """The sheet as Word would hold it: the lines above the header as paragraphs, the rest
    as a table whose merged ranges become rowspan/colspan."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    paras = [cell_text(ws.cell(r, 1).value) for r in range(1, header)]
    spans, covered = {}, set()
    for m in ws.merged_cells.ranges:
        if m.min_row >= header:
            spans[(m.min_row, m.min_col)] = (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
            covered |= {(r, c) for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1)}
            covered.discard((m.min_row, m.min_col))
    rows = []
    for r in range(header, ws.max_row + 1):
        cells = []
        for c in range(1, ws.max_column + 1):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f"<td{attrs}>{html.escape(cell_text(ws.cell(r, c).value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return f'<html><head><meta charset="utf-8"></head><body>{body}<table border="1">{"".join(rows)}</table></body></html>'


def soffice(args, cwd):
    subprocess.run(["soffice", "--headless", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def docx_of(xlsx, tmp, stem):
    with open(os.path.join(tmp, stem + ".html"), "w", encoding="utf-8") as f:
        f.write(table_html(xlsx))
    soffice(["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", stem + ".html"], tmp)
    return read(os.path.join(tmp, stem + ".docx"))


def township_members(town, replaced):
    folder = os.path.join(DEMO, town)
    out = []
    for name in sorted(os.listdir(folder)):
        if name not in replaced:
            out.append((name, read(os.path.join(folder, name))))
        elif replaced[name] is not None:
            out.append(replaced[name])
    return out


def inbox(tmp):
    dest = os.path.join(OUT, "收件箱")
    os.makedirs(dest, exist_ok=True)
    jk = os.path.join(DEMO, "井口街道")
    words = {
        "井口街道_社工名单.xlsx": ("附件1社工名单.docx", docx_of(os.path.join(jk, "井口街道_社工名单.xlsx"), tmp, "附件1")),
        "井口村_关爱服务记录_2023年1月.xlsx": (
            "附件2井口村关爱服务记录.docx",
            docx_of(os.path.join(jk, "井口村_关爱服务记录_2023年1月.xlsx"), tmp, "附件2"),
        ),
        # The demo's 重发 is a byte-identical copy of the list now sent as 附件1 (F04 there).
        "井口街道_社工名单_重发.xlsx": None,
    }
    # Windows' 压缩文件夹 on a Chinese PC: GBK names, members at the top.
    with open(os.path.join(dest, "井口街道1月材料.zip"), "wb") as f:
        f.write(zip_bytes(township_members("井口街道", words), gbk=True))
    # A mail client's zip: UTF-8 names with the flag, the township's folder inside.
    members = [(f"歌乐山街道/{n}", d) for n, d in township_members("歌乐山街道", {})]
    with open(os.path.join(dest, "歌乐山街道.zip"), "wb") as f:
        f.write(zip_bytes(members, gbk=False))
    # A zip in a zip, GBK inside and out.
    inner = zip_bytes(township_members("凤凰镇", {}), gbk=True)
    with open(os.path.join(dest, "凤凰镇报送材料.zip"), "wb") as f:
        f.write(zip_bytes([("凤凰镇.zip", inner)], gbk=True))
    shutil.copytree(os.path.join(DEMO, "区民政局"), os.path.join(dest, "区民政局"), dirs_exist_ok=True)


def lying_bomb(size):
    """A member of `size` zero bytes whose headers declare 1 KB."""
    data = bytearray(zip_bytes([("名单.xlsx", b"\0" * size)], gbk=False))
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(sig)
        data[at + offset : at + offset + 4] = (1024).to_bytes(4, "little")
    return bytes(data)


def encrypted_workbooks(dest, tmp):
    plain = os.path.join(DEMO, "井口街道", "井口街道_社工名单.xlsx")
    subprocess.run(
        ["msoffcrypto-tool", "-e", "-p", "1234", plain, os.path.join(dest, "设有密码的名单.xlsx")], check=True
    )
    script = os.path.join(tmp, "store.py")
    with open(script, "w") as f:
        f.write(STORE_WITH_PASSWORD)
    subprocess.run(["/usr/bin/python3", script, os.path.abspath(plain), os.path.abspath(os.path.join(dest, "设有密码的名单.xls"))], check=True)


STORE_WITH_PASSWORD = r'''
import subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
office = subprocess.Popen(["soffice", "--headless", "--norestore", "--accept=pipe,name=guanai_mail;urp;"])
ctx = uno.getComponentContext()
resolver = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
for _ in range(60):
    try:
        remote = resolver.resolve("uno:pipe,name=guanai_mail;urp;StarOffice.ComponentContext"); break
    except Exception:
        time.sleep(0.5)
desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(sys.argv[1]), "_blank", 0, (prop("Hidden", True),))
doc.storeToURL(uno.systemPathToFileUrl(sys.argv[2]), (prop("FilterName", "MS Excel 97"), prop("Password", "1234")))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
office.wait(timeout=60)
'''


MACRO_SHEET = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1" t="str"><f>HALT()</f><v>TRUE</v></c></row></sheetData></xm:macrosheet>'


def with_macro_sheet(xlsx):
    """The workbook with an Excel 4.0 macro sheet added after its worksheet, as Excel
    writes one (relationship xlMacrosheet, part xl/macrosheets/sheet1.xml)."""
    src = zipfile.ZipFile(io.BytesIO(read(xlsx)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>')
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdM1" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>')
            elif item.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b'<sheet name="Macro1" sheetId="99" state="hidden" r:id="rIdM1"/></sheets>')
            out.writestr(zipfile.ZipInfo(item.filename, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
        out.writestr(zipfile.ZipInfo("xl/macrosheets/sheet1.xml", FIXED_TIME), MACRO_SHEET, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def faults(tmp):
    dest = os.path.join(OUT, "faults")
    os.makedirs(dest, exist_ok=True)
    jk = os.path.join(DEMO, "井口街道")
    roster = read(os.path.join(jk, "井口街道_社工名单.xlsx"))
    # Info-ZIP's zip: ZipCrypto, the whole archive and one member of two.
    for f in ("设有密码的压缩包.zip", "部分加密.zip"):
        if os.path.exists(os.path.join(dest, f)):
            os.remove(os.path.join(dest, f))
    shutil.copy(os.path.join(jk, "井口街道_社工名单.xlsx"), os.path.join(tmp, "社工名单.xlsx"))
    shutil.copy(os.path.join(jk, "井口村_关爱服务记录_2023年1月.xlsx"), os.path.join(tmp, "关爱记录.xlsx"))
    subprocess.run(["zip", "-q", "-X", "-P", "1234", os.path.abspath(os.path.join(dest, "设有密码的压缩包.zip")), "社工名单.xlsx", "关爱记录.xlsx"], cwd=tmp, check=True)
    subprocess.run(["zip", "-q", "-X", "-P", "1234", os.path.abspath(os.path.join(dest, "部分加密.zip")), "关爱记录.xlsx"], cwd=tmp, check=True)
    subprocess.run(["zip", "-q", "-X", os.path.abspath(os.path.join(dest, "部分加密.zip")), "社工名单.xlsx"], cwd=tmp, check=True)
    # 24 MB of zeros (tests set the budget to 8 MB), beside an ordinary member.
    with open(os.path.join(dest, "压缩炸弹.zip"), "wb") as f:
        f.write(zip_bytes([("炸弹.xlsx", b"\0" * (24 << 20)), ("社工名单.xlsx", roster)], gbk=True))
    with open(os.path.join(dest, "谎报大小.zip"), "wb") as f:
        f.write(lying_bomb(24 << 20))
    nested = zip_bytes([("第四层.xlsx", roster)], gbk=True)
    for level in (4, 3, 2):
        nested = zip_bytes([(f"第{level}层.zip", nested), (f"第{level - 1}层名单.xlsx", roster)], gbk=True)
    with open(os.path.join(dest, "四层嵌套.zip"), "wb") as f:
        f.write(nested)
    whole = zip_bytes([("社工名单.xlsx", roster)], gbk=True)
    with open(os.path.join(dest, "不完整.zip"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    with open(os.path.join(dest, "材料.7z"), "wb") as f:
        f.write(b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\0" * 24)
    with open(os.path.join(dest, "材料.rar"), "wb") as f:
        f.write(b"Rar!\x1a\x07\x01\x00" + b"\0" * 24)
    encrypted_workbooks(dest, tmp)
    with open(os.path.join(dest, "含宏表的名单.xlsm"), "wb") as f:
        f.write(with_macro_sheet(os.path.join(jk, "井口街道_社工名单.xlsx")))
    word = os.path.join(OUT, "收件箱", "井口街道1月材料.zip")
    docx = zipfile.ZipFile(word).read("附件1社工名单.docx".encode("gbk").decode("cp437"))
    with open(os.path.join(tmp, "附件1.docx"), "wb") as f:
        f.write(docx)
    soffice(["--convert-to", "doc:MS Word 97", "附件1.docx"], tmp)
    shutil.copy(os.path.join(tmp, "附件1.doc"), os.path.join(dest, "附件1社工名单.doc"))


def main():
    if not os.path.isdir(DEMO):
        sys.exit("run from the repository root")
    with tempfile.TemporaryDirectory() as tmp:
        inbox(tmp)
        faults(tmp)


if __name__ == "__main__":
    main()
