#!/usr/bin/env python3
"""png.py: tiny PNG pixel checks for the kiosk's end-to-end tests.

  png.py FILE rgb FX FY                 print "R G B" at a screen fraction
  png.py FILE near FX FY R G B [TOL]    exit 0 if that pixel is within TOL
  png.py FILE ink FX0 FY0 FX1 FY1       print how many pixels in the box
                                        differ from the box's commonest colour
  png.py A B diff FX0 FY0 FX1 FY1       print pixels that differ between A, B
  png.py FILE count R G B               print how many pixels of the whole
                                        image are exactly that colour

Standard library only (zlib): reads the 8-bit RGB/RGBA non-interlaced
PNGs that SDL_image writes.
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("png.py: not a PNG: %r" % path)
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, inter = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or inter:
                sys.exit("png.py: unsupported PNG %r" % path)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def pixel(img, fx, fy):
    w, h, bpp, rows = img
    x = min(w - 1, int(float(fx) * w))
    y = min(h - 1, int(float(fy) * h))
    return tuple(rows[y][x * bpp:x * bpp + 3])


def box(img, fx0, fy0, fx1, fy1):
    w, h, bpp, rows = img
    for y in range(int(float(fy0) * h), int(float(fy1) * h)):
        for x in range(int(float(fx0) * w), int(float(fx1) * w)):
            yield tuple(rows[y][x * bpp:x * bpp + 3])


def main(a):
    if len(a) >= 3 and a[2] == "diff":
        p, q = read_png(a[0]), read_png(a[1])
        print(sum(1 for u, v in zip(box(p, *a[3:7]), box(q, *a[3:7]))
                  if u != v))
        return 0
    img = read_png(a[0])
    cmd = a[1]
    if cmd == "rgb":
        print("%d %d %d" % pixel(img, a[2], a[3]))
        return 0
    if cmd == "near":
        got = pixel(img, a[2], a[3])
        want = [int(v) for v in a[4:7]]
        tol = int(a[7]) if len(a) > 7 else 12
        ok = all(abs(g - v) <= tol for g, v in zip(got, want))
        if not ok:
            print("png.py: %s at %s,%s is %s, want %s" %
                  (a[0], a[2], a[3], got, want), file=sys.stderr)
        return 0 if ok else 1
    if cmd == "ink":
        px = list(box(img, *a[2:6]))
        counts = {}
        for p in px:
            counts[p] = counts.get(p, 0) + 1
        bg = max(counts, key=counts.get) if counts else None
        print(sum(1 for p in px if p != bg))
        return 0
    if cmd == "count":
        w, h, bpp, rows = img
        want = bytes(int(v) for v in a[2:5])
        n = 0
        for row in rows:  # by byte runs: a pixel loop takes seconds
            px = bytes(row) if bpp == 3 else bytes(
                b for i, b in enumerate(row) if i % 4 != 3)
            at = px.find(want)
            while at >= 0:
                if at % 3 == 0:
                    n += 1
                at = px.find(want, at + 1)
        print(n)
        return 0
    sys.exit("png.py: unknown command %r" % cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
