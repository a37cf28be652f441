#!/usr/bin/env python3
"""samepix.py: compares QEMU's screendump (binary PPM) with the kiosk's own
screenshot (PNG).

  samepix.py DUMP.ppm SHOT.png [MAX]

Prints "WxH D" (D: pixels whose RGB differ) and exits 0 only when the sizes
agree and at most MAX pixels (default 0) differ. Standard library only
(tests/e2e/lib/png.py).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e",
                                "lib"))
from png import read_png  # noqa: E402


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        sys.exit("samepix.py: not an 8-bit binary PPM: %r" % path)
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def main(a):
    w, h, dump = read_ppm(a[0])
    sw, sh, bpp, rows = read_png(a[1])
    if (w, h) != (sw, sh):
        print("%dx%d %dx%d" % (w, h, sw, sh))
        return 1
    diff = 0
    for y in range(h):
        row = rows[y]
        got = dump[y * w * 3:(y + 1) * w * 3]
        if bpp == 3:
            if bytes(row) == got:
                continue
            want = row
        else:
            want = bytearray(w * 3)
            want[0::3], want[1::3], want[2::3] = \
                row[0::4], row[1::4], row[2::4]
        for x in range(w):
            if got[x * 3:x * 3 + 3] != want[x * 3:x * 3 + 3]:
                diff += 1
    print("%dx%d %d" % (w, h, diff))
    return 0 if diff <= (int(a[2]) if len(a) > 2 else 0) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
