#!/usr/bin/env python3
"""Writes fixtures/hostile/: broken, hostile and odd submissions, each small.

Workbooks are assembled from their XML parts with zipfile, so each oddity is exactly the
one named; the encrypted file is made by msoffcrypto-tool (pip install msoffcrypto-tool),
which writes the ECMA-376 encrypted OLE container Excel and WPS write; the renamed Word
document by python-docx; the workbook with a chart sheet by rust_xlsxwriter
(`cargo run --example gen_fixtures -- fixtures hostile`, called at the end). Volunteers here live in 测试街道 / 测试村, and their ID
numbers differ from the demo's, so a run over hostile + demo leaves the demo's results alone.
"""
import os
import random
import shutil
import subprocess
import sys
import zipfile
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "hostile")
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(seq):
    body = "50010619750315%03d" % (seq % 1000)
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, value):
    if value is None:
        return ""
    if isinstance(value, tuple):  # raw cell XML pieces: (type attr, inner xml)
        t, inner = value
        return '<c r="%s"%s>%s</c>' % (ref, ' t="%s"' % t if t else "", inner)
    if isinstance(value, (int, float)):
        return '<c r="%s"><v>%s</v></c>' % (ref, value)
    return '<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(value))


def sheet_xml(rows, dimension=None, extra_rows=""):
    """rows: {excel_row: [values from column A]}"""
    body = []
    for r in sorted(rows):
        cells = "".join(cell("%s%d" % (col(c), r), v) for c, v in enumerate(rows[r]))
        body.append('<row r="%d">%s</row>' % (r, cells))
    dim = '<dimension ref="%s"/>' % dimension if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '%s<sheetData>%s%s</sheetData></worksheet>' % (dim, "".join(body), extra_rows))


def workbook(path, sheets, date1904=False):
    """sheets: [(name, sheet xml, state)] with state None, 'hidden' or 'veryHidden'."""
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    entries = []
    for i, (name, xml, state) in enumerate(sheets, 1):
        ct.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % i)
        rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i, i))
        entries.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (escape(name), i, ' state="%s"' % state if state else "", i))
    ct.append("</Types>")
    rels.append("</Relationships>")
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '%s<sheets>%s</sheets></workbook>' % ('<workbookPr date1904="1"/>' if date1904 else "", "".join(entries)))
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                 '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in [("[Content_Types].xml", "".join(ct)), ("_rels/.rels", root_rels),
                           ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", "".join(rels))]:
            z.writestr(zipfile.ZipInfo(name, (2023, 1, 4, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        for i, (_, xml, _) in enumerate(sheets, 1):
            z.writestr(zipfile.ZipInfo("xl/worksheets/sheet%d.xml" % i, (2023, 1, 4, 0, 0, 0)), xml, zipfile.ZIP_DEFLATED)


import struct

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(stream, loop=False):
    """A compound file ([MS-CFB] version 3, 512-byte sectors) holding one stream named
    Workbook: sector 0 the FAT, sector 1 the directory, the stream from sector 2 on (padded
    to 4096 bytes so it lives in the FAT, not the mini stream). loop=True makes the
    directory's sector point to itself: a chain without an end, which a reader that
    reads the directory "to the end of its chain" follows forever."""
    stream = stream + b"\0" * (max(4096, -(-len(stream) // 512) * 512) - len(stream))
    n = len(stream) // 512
    assert 2 + n <= 128, "one FAT sector"
    fat = [FATSECT, 1 if loop else ENDOFCHAIN] + [3 + i for i in range(n - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (128 - len(fat))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
                         b"\0" * 6, 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108

    def entry(name, typ, child, start, size):
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return struct.pack("<64sHBBIII16sIQQIII", raw, len(raw), typ, 1, NOSTREAM, NOSTREAM, child, b"\0" * 16, 0, 0, 0,
                           start, size, 0)
    directory = entry("Root Entry", 5, 1, ENDOFCHAIN, 0) + entry("Workbook", 2, NOSTREAM, 2, len(stream))
    directory += entry("", 0, NOSTREAM, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + stream


def biff_record(typ, body=b""):
    return struct.pack("<HH", typ, len(body)) + body


def biff_workbook(sheets, encrypted=False, extra=b""):
    """A BIFF8 workbook stream ([MS-XLS] 2.1.7.20.3): globals with one BoundSheet8 per sheet,
    then each sheet's substream. sheets: [(name, [(row, col, number)], (last row + 1, last col + 1))];
    extra: records written into each sheet after its cells."""
    bof = lambda dt: biff_record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x06))
    bound = lambda offset, name: biff_record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name.encode("latin-1"))
    # FilePass ([MS-XLS] 2.4.117): RC4 encryption, version 1.1, salt, verifier and its hash.
    filepass = biff_record(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(range(48))) if encrypted else b""
    globals_len = len(bof(5)) + len(filepass) + sum(len(bound(0, n)) for n, _, _ in sheets) + len(biff_record(0x000A))
    subs, offsets = [], []
    at = globals_len
    for name, cells, (rows, cols) in sheets:
        body = bof(0x10) + biff_record(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))
        body += b"".join(biff_record(0x0203, struct.pack("<HHHd", r, c, 0, v)) for r, c, v in cells)
        body += extra + biff_record(0x000A)
        offsets.append(at)
        subs.append(body)
        at += len(body)
    head = bof(5) + filepass + b"".join(bound(o, n) for o, (n, _, _) in zip(offsets, sheets)) + biff_record(0x000A)
    assert len(head) == globals_len
    return head + b"".join(subs)


ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def ods(path, rows, mimetype_first=True, rows_before=0):
    """An OpenDocument spreadsheet (ODF 1.2 §3, §9.1) with one table: rows as for sheet_xml.
    mimetype_first=False puts the `mimetype` entry last, as LibreOffice 5 sometimes did;
    rows_before adds that many empty rows (one repeated row element) above the table."""
    def ods_cell(v):
        if isinstance(v, (int, float)):
            return '<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>' % (v, v)
        return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % escape(str(v))
    body = []
    if rows_before:
        body.append('<table:table-row table:number-rows-repeated="%d"><table:table-cell/></table:table-row>' % rows_before)
    previous = 0
    for r in sorted(rows):
        if r - previous > 1:
            body.append('<table:table-row table:number-rows-repeated="%d"><table:table-cell/></table:table-row>' % (r - previous - 1))
        body.append("<table:table-row>%s</table:table-row>" % "".join(ods_cell(v) for v in rows[r]))
        previous = r
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="名单">%s</table:table>'
               '</office:spreadsheet></office:body></office:document-content>' % "".join(body))
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>' % ODS_MIME)
    parts = [("content.xml", content, zipfile.ZIP_DEFLATED), ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)]
    mime = ("mimetype", ODS_MIME, zipfile.ZIP_STORED)
    parts = [mime] + parts if mimetype_first else parts + [mime]
    with zipfile.ZipFile(path, "w") as z:
        for name, data, method in parts:
            z.writestr(zipfile.ZipInfo(name, (2023, 1, 4, 0, 0, 0)), data, method)


HEADER = ["序号", "镇（街道）", "村（社区）", "姓名", "身份证号码", "联系电话", "居住地址"]


def volunteers(first_seq, count, start_row=2):
    rows = {1: HEADER}
    for k in range(count):
        seq = first_seq + k
        rows[start_row + k] = [k + 1, "测试街道", "测试村%d" % (first_seq // 100), "测试%d" % seq,
                               id_number(seq), "139%08d" % (50000000 + seq), "重庆市沙坪坝区测试街道%d号" % seq]
    return rows


def main():
    # 畸形OLE容器.xls is kept: a fuzzing find (calamine panicked on it), not generated.
    keep = os.path.join(OUT, "畸形OLE容器.xls")
    kept = open(keep, "rb").read() if os.path.exists(keep) else None
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    if kept:
        open(keep, "wb").write(kept)
    p = lambda name: os.path.join(OUT, name)
    rng = random.Random(20230104)

    # A sound workbook, the base of the broken ones.
    workbook(p("正常名单.xlsx"), [("名单", sheet_xml(volunteers(100, 3)), None)])
    good = open(p("正常名单.xlsx"), "rb").read()
    open(p("截断.xlsx"), "wb").write(good[: len(good) * 3 // 5])
    subprocess.run(["msoffcrypto-tool", "-e", "-p", "1234", p("正常名单.xlsx"), p("加密.xlsx")], check=True)
    import docx  # pip install python-docx
    document = docx.Document()
    document.add_paragraph("这是一份 Word 文档，不是表格。")
    document.core_properties.created = __import__("datetime").datetime(2023, 1, 4)
    document.save(p("文档改名.xlsx"))
    open(p("随机字节.xls"), "wb").write(bytes(rng.getrandbits(8) for _ in range(4096)))
    open(p("空文件.xlsx"), "wb").close()
    open(p("名单.et"), "wb").write(b"\xd0\xcf\x11\xe0 WPS et placeholder")
    open(p("名单.wps"), "wb").write(b"WPS writer placeholder")
    workbook(p("无关表格.xlsx"), [("经费", sheet_xml({1: ["项目", "金额"], 2: ["慰问品", 300]}), None)])

    # Huge declared dimension, and a stray cell at XFD1048576 after three rows.
    workbook(p("巨大尺寸.xlsx"), [("名单", sheet_xml(volunteers(200, 3), dimension="A1:XFD1048576"), None)])
    workbook(p("孤立单元格.xlsx"), [("名单", sheet_xml(volunteers(300, 3), extra_rows='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'), None)])

    # A compression bomb: 3 MB of XML per 1% … 2,000,000 identical rows without row
    # numbers (~150 MB of sheet XML) in a few hundred KB.
    bomb_row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join('<row><c t="inlineStr"><is><t>%s</t></is></c></row>' % h for h in ["姓名"]) + bomb_row * 2_000_000
            + "</sheetData></worksheet>")
    workbook(p("压缩炸弹.xlsx"), [("炸弹", bomb, None)])

    # Formulas, error cells, text that looks like a formula, an over-long cell.
    rows = volunteers(400, 6)
    rows[2][3] = ("str", "<f>\"测试\"&amp;\"400\"</f><v>测试400</v>")      # formula with a cached value
    rows[3][5] = ("", "<f>A1*0</f>")                                       # formula, no cached value
    rows[4][4] = ("e", "<v>#N/A</v>")                                      # error cell in the ID column
    rows[5][6] = "=HYPERLINK(\"http://example.invalid\",\"点我\")"
    rows[6][3] = "+测试404"
    rows[7][6] = "@重庆市沙坪坝区测试街道" + "长" * 40_000
    rows[5][3] = "-测试403"
    rows[3][3] = "=1+1"
    workbook(p("公式与错误值.xlsx"), [("名单", sheet_xml(rows), None)])

    workbook(p("隐藏工作表.xlsx"), [("说明", sheet_xml({1: ["本表为填报说明"]}), None),
                                      ("隐藏", sheet_xml(volunteers(500, 2)), "hidden"),
                                      ("深度隐藏", sheet_xml(volunteers(600, 2)), "veryHidden")])
    rows = volunteers(700, 2)
    rows[50_006] = [3, "测试街道", "测试村7", "测试702", id_number(702), "13950000702", "重庆市沙坪坝区测试街道702号"]
    workbook(p("五万空行.xlsx"), [("名单", sheet_xml(rows), None)])
    rows = volunteers(800, 2)
    workbook(p("1904日期.xlsx"), [("名单", sheet_xml(rows), None)], date1904=True)

    # Issue 13 #1, #2: a compound file whose sector chain loops (calamine followed it without
    # end, 23 GB); an .xls with a cell at IV65536 on each of 12 sheets (6.8 GiB); an .ods with
    # one cell a million rows down. Each must be refused before a reader allocates.
    small = biff_workbook([("S1", [(0, 0, 1.0)], (1, 1))])
    open(p("扇区链成环.xls"), "wb").write(compound_file(small + b"\0" * 1200, loop=True))
    far = [("S%d" % i, [(0, 0, 1.0), (65535, 255, 2.0)], (65536, 256)) for i in range(1, 13)]
    open(p("远处单元格.xls"), "wb").write(compound_file(biff_workbook(far)))
    # A MergeCells record that claims 16 ranges and holds none (issue 30): calamine 0.38
    # indexes past its end and panics. The command line catches the panic (F02); the page
    # cannot catch one in WebAssembly, so it starts over without the file (F02 too).
    torn = biff_record(0x00E5, struct.pack("<H", 16))
    open(p("读取时崩溃.xls"), "wb").write(compound_file(biff_workbook([("S1", [(0, 0, 1.0)], (1, 1))], extra=torn)))
    # A damaged .xlsb (issue 13 #7): its own reader's error, not the xlsx reader's.
    with zipfile.ZipFile(p("损坏.xlsb"), "w") as z:
        z.writestr(zipfile.ZipInfo("xl/workbook.bin", (2023, 1, 4, 0, 0, 0)), bytes(range(200)))
    # An .xls encrypted with RC4 (issue 13 #7): a password message, not "damaged".
    open(p("加密.xls"), "wb").write(compound_file(biff_workbook([("S1", [(0, 0, 1.0)], (1, 1))], encrypted=True)))
    rows = volunteers(1100, 2)
    rows[1_000_000] = ["远处的单元格"]
    ods(p("远处单元格.ods"), rows)

    # A sound .ods whose mimetype entry is not the first in the zip (issue 13 #4).
    ods(p("mimetype不在首位.ods"), volunteers(1000, 3), mimetype_first=False)

    text = "序号,镇（街道）,村（社区）,姓名,身份证号码,联系电话,居住地址\r\n" + "".join(
        "%d,测试街道,测试村9,测试%d,%s,139%08d,重庆市沙坪坝区测试街道%d号\r\n" % (k + 1, 900 + k, id_number(900 + k), 50000900 + k, 900 + k)
        for k in range(2))
    open(p("名单_GB18030.csv"), "wb").write(text.encode("gb18030"))
    utf16 = text.replace(",", "\t").replace("测试村9", "测试村10")
    for k in range(2):
        utf16 = utf16.replace(id_number(900 + k), id_number(950 + k)).replace("测试%d" % (900 + k), "测试%d" % (950 + k))
    open(p("名单_UTF16.csv"), "wb").write(b"\xff\xfe" + utf16.encode("utf-16-le"))
    root = os.path.join(os.path.dirname(__file__), "..")
    subprocess.run(["cargo", "run", "--quiet", "--example", "gen_fixtures", "--", "fixtures", "hostile"], cwd=root, check=True)
    print("hostile fixtures written to", os.path.normpath(OUT))


if __name__ == "__main__":
    sys.exit(main())
