#!/usr/bin/python3
"""make-xlsx-corpus.py: the seed corpus of fuzz_xlsx (tests/fuzz/corpus/xlsx).

  make-xlsx-corpus.py DIR [ATTENDANCE.xlsx]

Real workbooks made by openpyxl (a roster with a second sheet, Japanese
rich text with furigana, dates, booleans, gaps), and, when given, one made
by libxlsxwriter (`fairsync export attendance --format xlsx`); then broken
ones: truncated, not a ZIP, an old .xls header, a DOCTYPE with entity
expansion, XML nested deeper than the cap, a shared-string index out of
range, a value past the last column, rows out of order, an encrypted
entry, a missing sheet part. Debian's python3 with python3-openpyxl.
"""
import datetime
import io
import os
import shutil
import sys
import zipfile

import openpyxl

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def save(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# ---- real workbooks ----------------------------------------------------
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "名簿"
ws.append(["受付番号", "氏名", "フリガナ", "学校名", "同意", "電話番号"])
ws.append(["S001", "山田 太郎", "やまだ たろう", "岐阜大学", "はい", "090-1111-2222"])
ws.append([1002, "鈴木 花子", "スズキ ハナコ", "名古屋大学", True, None])
ws.append([])
ws.append(["S004", None, "ナシ", "岐阜大学", "はい", None])
ws.append(["S005", "改行\nあり", "カイギョウ", '"引用"', "いいえ", 3.5])
ws2 = wb.create_sheet("企業")
ws2.append(["企業ID", "企業名", "業種", "ブース"])
ws2.append(["C001", "ミノ精工", "製造業", "A-1"])
buf = io.BytesIO()
wb.save(buf)
roster = buf.getvalue()
save("openpyxl-roster.xlsx", roster)

wb = openpyxl.Workbook()
ws = wb.active
ws.append(["ID", "セミナー名", "開始", "終了", "定員"])
ws.append(["S1", "説明会", datetime.datetime(2026, 12, 5, 10, 0),
           datetime.datetime(2026, 12, 5, 11, 30), 40])
ws.append(["S2", "午後", datetime.time(13, 0), datetime.time(14, 0), 20])
ws.append(["S3", "翌日", datetime.date(2026, 12, 6), "令和8年12月6日 15:00", 20])
buf = io.BytesIO()
wb.save(buf)
save("openpyxl-sessions.xlsx", buf.getvalue())
if len(sys.argv) > 2:
    shutil.copy(sys.argv[2], os.path.join(out, "libxlsxwriter-attendance.xlsx"))


# ---- broken ones, from the roster's parts ----------------------------------
def parts(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


def rezip(p, flag_bits=0):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in p.items():
            zi = zipfile.ZipInfo(n)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, d)
    data = bytearray(buf.getvalue())
    if flag_bits:  # set general-purpose flags in every local header
        i = 0
        while True:
            i = data.find(b"PK\x03\x04", i)
            if i < 0:
                break
            data[i + 6] |= flag_bits
            i += 4
        i = 0
        while True:
            i = data.find(b"PK\x01\x02", i)
            if i < 0:
                break
            data[i + 8] |= flag_bits
            i += 4
    return bytes(data)


P = parts(roster)
sheet = "xl/worksheets/sheet1.xml"
save("truncated.xlsx", roster[: len(roster) // 2])
save("not-zip.xlsx", b"PK\x03\x04this is not a zip at all")
save("old-xls.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
       b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
       b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
       b'&lol2;</t></is></c></row></sheetData></worksheet>')
save("doctype.xlsx", rezip({**P, sheet: lol}))
deep = b"<worksheet>" + b"<a>" * 200 + b"</a>" * 200 + b"</worksheet>"
save("deep.xlsx", rezip({**P, sheet: deep}))
# shared strings as Excel writes them: rich runs and furigana (<rPh>)
sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
       'openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">'
       '<si><t>受付番号</t></si><si><t>氏名</t></si>'
       '<si><t>S001</t></si><si><r><t>山田</t></r><r><t xml:space="preserve">'
       ' 太郎</t></r><rPh sb="0" eb="2"><t>ヤマダ</t></rPh></si></sst>')
rels = P["xl/_rels/workbook.xml.rels"].replace(
    b"</Relationships>",
    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/></Relationships>')
shared = ('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
          '<c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s">'
          '<v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData>'
          '</worksheet>')
save("shared-furigana.xlsx", rezip({**P, "xl/_rels/workbook.xml.rels": rels,
                                    "xl/sharedStrings.xml": sst.encode(),
                                    sheet: shared.encode()}))
save("sst-out-of-range.xlsx", rezip({
    **P, "xl/_rels/workbook.xml.rels": rels,
    "xl/sharedStrings.xml": sst.encode(),
    sheet: shared.replace("<v>3</v>", "<v>99999</v>").encode()}))
wide = (b'<worksheet><sheetData><row r="1"><c r="ZZZ1" t="inlineStr"><is>'
        b'<t>x</t></is></c></row></sheetData></worksheet>')
save("past-last-column.xlsx", rezip({**P, sheet: wide}))
backwards = (b'<worksheet><sheetData><row r="5"><c r="A5"><v>1</v></c></row>'
             b'<row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>')
save("rows-backwards.xlsx", rezip({**P, sheet: backwards}))
save("encrypted.xlsx", rezip(P, flag_bits=1))
nosheet = dict(P)
del nosheet[sheet]
save("missing-sheet.xlsx", rezip(nosheet))
