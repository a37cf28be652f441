"""Every word of a PDF is at least MIN points: reads `pdftotext
-bbox-layout` output (a word's box height is its font size times the
font's ascent + descent) and calibrates that factor on each page's
number, which the report prints at 9 pt in the middle of the bottom.

usage: pdf_min_pt.py BBOX.html MIN   (exit 1 naming each word too small)
"""
import re
import sys

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                  r'yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
FOOT_PT = 9.0

path, min_pt = sys.argv[1], float(sys.argv[2])
pages, cur = [], None
for line in open(path, encoding="utf-8"):
    m = PAGE.search(line)
    if m:
        cur = {"w": float(m.group(1)), "h": float(m.group(2)), "words": []}
        pages.append(cur)
    m = WORD.search(line)
    if m and cur is not None:
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        cur["words"].append((x0, y0, x1, y1, m.group(5)))
if not pages:
    sys.exit("no pages in " + path)
bad = []
for n, p in enumerate(pages, 1):
    foot = [w for w in p["words"] if w[4] == str(n) and w[1] > p["h"] * 0.9
            and abs((w[0] + w[2]) / 2 - p["w"] / 2) < 20]
    if not foot:
        sys.exit(f"page {n}: no page number to calibrate on")
    per_pt = (foot[0][3] - foot[0][1]) / FOOT_PT
    for x0, y0, x1, y1, t in p["words"]:
        size = (y1 - y0) / per_pt
        if size < min_pt - 0.05:
            bad.append(f"page {n}: '{t}' at {size:.1f} pt")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
