#!/usr/bin/env python3
"""Makes a directory of camera frames showing a badge, for `camera = file:DIR`.

usage: make-badge-frames.py TEXT [TEXT ...] OUTDIR [--size WxH] [--fps N]
                [--angle DEG] [--module PX] [--before N] [--show N] [--after N]

Writes OUTDIR/NNNN.pgm: for each TEXT in turn, `--before` frames of an empty
scene, `--show` frames with the badge (TEXT as a QR code, made by the
`qrencode` command) turned --angle degrees, then `--after` empty frames; and
OUTDIR/fps. Played by the kiosk, each badge counts once. Repeated frames are
hard links to the first, so many badges at 720p stay small on disk. Pure
Python (no imaging library), so demos, end-to-end tests and benchmarks can
make frames for any token:

    tok=$(fairsync token issue ... )
    scripts/make-badge-frames.py "$tok" /tmp/frames
    # kiosk.ini: [inputs] camera = file:/tmp/frames
"""
import argparse
import math
import os
import subprocess
import sys

QUIET = 4


def qr_modules(text):
    out = subprocess.run(["qrencode", "-t", "ASCII", "-m", "0", "-o", "-",
                          text], check=True, capture_output=True).stdout
    rows = [r for r in out.decode("ascii").splitlines() if r.strip("\n")]
    return [[r[2 * x] == "#" for x in range(len(r) // 2)] for r in rows]


def scene(w, h):
    """A soft gradient with a few dark and light blocks, like a hall."""
    px = bytearray(w * h)
    for y in range(h):
        base = 90 + 40 * y // h
        for x in range(w):
            px[y * w + x] = base + 60 * x // w
    for i, (bx, by, bw, bh, v) in enumerate([(0.05, 0.1, 0.1, 0.3, 30),
                                               (0.8, 0.6, 0.15, 0.1, 230),
                                               (0.1, 0.8, 0.3, 0.02, 20)]):
        for y in range(int(by * h), min(h, int((by + bh) * h))):
            for x in range(int(bx * w), min(w, int((bx + bw) * w))):
                px[y * w + x] = v
    return px


def place(px, w, h, mods, module, deg):
    n = len(mods)
    side = (n + 2 * QUIET) * module
    half = side / 2
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    cx, cy = w / 2, h / 2
    r = int(half * 1.5) + 2
    for y in range(max(0, int(cy) - r), min(h, int(cy) + r)):
        for x in range(max(0, int(cx) - r), min(w, int(cx) + r)):
            dx, dy = x + 0.5 - cx, y + 0.5 - cy
            u = (c * dx + s * dy + half) / module
            v = (-s * dx + c * dy + half) / module
            if u < 0 or v < 0 or u >= n + 2 * QUIET or v >= n + 2 * QUIET:
                continue
            mu, mv = int(u) - QUIET, int(v) - QUIET
            dark = 0 <= mu < n and 0 <= mv < n and mods[mv][mu]
            px[y * w + x] = 35 if dark else 215


def write_pgm(path, px, w, h):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h))
        f.write(px)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("text", nargs="+")
    ap.add_argument("outdir")
    ap.add_argument("--size", default="640x360")
    ap.add_argument("--fps", type=int, default=30)
    ap.add_argument("--angle", type=float, default=15.0)
    ap.add_argument("--module", type=float, default=4.0)
    ap.add_argument("--before", type=int, default=10)
    ap.add_argument("--show", type=int, default=20)
    ap.add_argument("--after", type=int, default=10)
    a = ap.parse_args()
    try:
        w, h = (int(v) for v in a.size.lower().split("x"))
    except ValueError:
        sys.exit("make-badge-frames: bad --size '%s' (use WxH)" % a.size)
    if not (16 <= w <= 4096 and 16 <= h <= 4096) or not 1 <= a.fps <= 240:
        sys.exit("make-badge-frames: --size or --fps out of range")
    os.makedirs(a.outdir, exist_ok=True)
    empty = scene(w, h)
    empty_file = None  # the file every later empty frame links to
    i = 0
    for text in a.text:
        badge = bytearray(empty)
        place(badge, w, h, qr_modules(text), a.module, a.angle)
        badge_file = None
        for shown in [False] * a.before + [True] * a.show + [False] * a.after:
            path = os.path.join(a.outdir, "%04d.pgm" % i)
            if os.path.lexists(path):
                os.remove(path)
            same = badge_file if shown else empty_file
            if same:
                os.link(same, path)
            else:
                write_pgm(path, badge if shown else empty, w, h)
                if shown:
                    badge_file = path
                else:
                    empty_file = path
            i += 1
    with open(os.path.join(a.outdir, "fps"), "w") as f:
        f.write("%d\n" % a.fps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
