#!/usr/bin/python3
"""Makes realistic 1280x720 grey camera frames of badge QR codes.

usage: gen-camera-set.py set OUTDIR [--per N] [--seed S] [--only CAT,...]
                             [--pick CAT:I,...]
       gen-camera-set.py seq CATEGORY TEXT OUTDIR [--before N] [--show N]
                             [--after N] [--seed S] [--fps N] [--prefix P]

`set` writes OUTDIR/CATEGORY/NNN.pgm, N frames per category (default 16),
and OUTDIR/manifest.txt with one line per frame: `CATEGORY FILE TEXT`, TEXT
being `-` for a frame without a code. `--pick` makes only the frames named
(frame I of category CAT is the same frame whatever else is made). Each
badge holds its own token-shaped text (FK + 122 base32 characters, as
src/core/token.c makes; encoded at ECC M like src/core/qr.c, through the
`qrencode` command; dense codes hold longer text), so a read of the wrong
badge shows as a wrong read. bench/bench_qrscan.c measures decoders
on it; tests/test_qrscan.c makes one frame per category.

`seq` writes a sequence for `camera = file:OUTDIR` (tests/e2e): `--before`
empty frames, `--show` frames of TEXT as CATEGORY renders it (fresh sensor
noise each frame, the hand moving a little), `--after` empty frames, and
OUTDIR/fps; files P0000.pgm, ... so that sequences with other prefixes can
share OUTDIR (played in file-name order).

Deterministic: the same seed gives the same frames. Numpy and PIL
(Debian's python3-numpy, python3-pil): run with /usr/bin/python3.

Categories (what a kiosk camera sees; docs/scanners.md has the table):
  plain         a printed badge held up, mild tilt, light noise
  perspective   tilted 25-45 degrees away from the camera
  curved        a lanyard badge bent round a cylinder
  motion        motion blur 5-12 px (a hand moving)
  focus         out of focus (Gaussian blur 1.5-2.6 px)
  light         uneven light and a glare spot on the code
  lowcontrast   grey ink on grey paper, dim
  colour        blue, red, green or orange ink, seen in grey
  phone         a phone screen showing the badge PNG: pixel grid (moire),
                glare, sometimes a crack
  dark          a phone in dark mode: light modules on black (inverted)
  finger        a finger over an edge of the code
  small         code 0.10-0.15 of the frame's height
  noise         strong sensor noise (dim hall, high gain)
  dotted        modules printed as dots, or as rounded blobs that merge
                with their neighbours; finder squares with rounded corners,
                sometimes round
  dense         a long payload (230-480 printable ASCII bytes, versions
                12-20) filling 0.45-0.55 of the frame's height
  jpeg          the frame through JPEG at quality 30-70 (a phone's photo
                re-sent by a messaging app, a UVC camera's MJPEG), code
                0.18-0.35 of the frame's height
  uneven        uneven light across the code (one side a third as bright,
                a shadow's edge over it) and uneven print (faded toner)
  glossy        glossy stock: a band of specular light across the code,
                white where it is brightest
  empty         no code: hall, text, grids, checkerboards
"""
import argparse
import math
import os
import subprocess
import sys

import io

import numpy as np
from PIL import Image

W, H = 1280, 720
F = 1100.0          # focal length in pixels (about a 60 degree webcam)
QUIET = 4
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

# In the order their seeds were given: a new category goes at the end, so
# that every older frame stays the same. DISPLAY is the order of the table.
CATEGORIES = ["plain", "perspective", "curved", "motion", "focus", "light",
              "lowcontrast", "colour", "phone", "dark", "finger", "small",
              "noise", "empty", "dotted", "dense", "jpeg", "uneven",
              "glossy"]
DISPLAY = [c for c in CATEGORIES if c != "empty"] + ["empty"]
PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7f))


def token_text(rng):
    return "FK" + "".join(B32[i] for i in rng.integers(0, 32, 122))


def dense_text(rng):
    """A long payload a kiosk still accepts (printable ASCII, no space so
    that the manifest stays one word a field): 8-bit mode, high version.
    FK first: qrencode would take a leading '-' for an option."""
    n = int(rng.integers(230, 481))
    return "FK" + "".join(PRINTABLE[i] for i in
                          rng.integers(0, len(PRINTABLE), n - 2))


def qr_modules(text, level="M"):
    """Module matrix (True dark) of TEXT at ECC level, no quiet zone."""
    out = subprocess.run(["qrencode", "-l", level, "-t", "ASCII", "-m", "0",
                          "-o", "-", text], check=True,
                         capture_output=True).stdout
    rows = [r for r in out.decode("ascii").splitlines() if r.strip()]
    return np.array([[r[2 * x] == "#" for x in range(len(r) // 2)]
                     for r in rows], dtype=bool)


def background(rng):
    """A hall: gradient, blocks, strokes and some text-like marks."""
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    img = (80 + rng.uniform(20, 60) * x / W + rng.uniform(10, 50) * y / H)
    for _ in range(int(rng.integers(20, 50))):
        bw, bh = rng.integers(8, 260), rng.integers(2, 200)
        bx, by = rng.integers(0, W), rng.integers(0, H)
        img[by:by + bh, bx:bx + bw] = rng.uniform(10, 245)
    for _ in range(int(rng.integers(0, 6))):   # lines of "text"
        tx, ty = rng.integers(0, W - 300), rng.integers(0, H - 20)
        ch = int(rng.integers(6, 16))
        for k in range(int(rng.integers(5, 25))):
            gx = tx + k * ch
            img[ty:ty + ch, gx:gx + max(1, ch // 3)] = 30
            img[ty + ch // 2:ty + ch // 2 + 2, gx:gx + ch - 2] = 30
    return img


def distractors(img, rng):
    """Code-like things that are not codes: grids and checkerboards."""
    for _ in range(int(rng.integers(1, 4))):
        s = int(rng.integers(80, 260))
        m = int(rng.integers(3, 12))
        bx, by = rng.integers(0, W - s), rng.integers(0, H - s)
        yy, xx = np.mgrid[0:s, 0:s]
        if rng.random() < 0.5:
            pat = ((yy // m + xx // m) % 2) == 0
        else:
            pat = rng.random((s // m + 1, s // m + 1))[yy // m, xx // m] < 0.5
        img[by:by + s, bx:bx + s] = np.where(pat, 30, 220)
    # a lone finder-like square
    s = int(rng.integers(30, 90))
    bx, by = rng.integers(0, W - s), rng.integers(0, H - s)
    img[by:by + s, bx:bx + s] = 20
    img[by + s // 7:by + s - s // 7, bx + s // 7:bx + s - s // 7] = 230
    img[by + 2 * s // 7:by + s - 2 * s // 7,
        bx + 2 * s // 7:bx + s - 2 * s // 7] = 20


def rotation(rx, ry, rz):
    cx, sx = math.cos(rx), math.sin(rx)
    cy, sy = math.cos(ry), math.sin(ry)
    cz, sz = math.cos(rz), math.sin(rz)
    mx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    my = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    mz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return mx @ my @ mz


def project(p):
    """Where the surface is seen: for every frame pixel, the surface's own
    coordinates (s, t) in units of its width, or NaN where the ray misses.
    p: size (frame px the surface spans if flat and facing), aspect
    (height / width), cx, cy, rx, ry, rz (radians), bend (cylinder radius
    in surface widths, 0 flat)."""
    dist = F / p["size"]            # surface width is 1 unit
    rot = rotation(p["rx"], p["ry"], p["rz"])
    t = np.array([(p["cx"] - W / 2) * dist / F,
                  (p["cy"] - H / 2) * dist / F, dist])
    ys, xs = np.mgrid[0:H, 0:W].astype(np.float64)
    d = np.stack([(xs + 0.5 - W / 2) / F, (ys + 0.5 - H / 2) / F,
                  np.ones_like(xs)], axis=-1)
    # into the surface's frame: o' = R^T(-t), d' = R^T d
    o = rot.T @ (-t)
    d = d @ rot
    r = p["bend"]
    if r <= 0:
        tt = -o[2] / d[..., 2]
        px = o[0] + tt * d[..., 0]
        py = o[1] + tt * d[..., 1]
        s = px
    else:
        # cylinder x^2 + (z - r)^2 = r^2 (axis along y, bulging to camera)
        a = d[..., 0] ** 2 + d[..., 2] ** 2
        b = 2 * (o[0] * d[..., 0] + (o[2] - r) * d[..., 2])
        c = o[0] ** 2 + (o[2] - r) ** 2 - r * r
        disc = b * b - 4 * a * c
        ok = disc >= 0
        sq = np.sqrt(np.where(ok, disc, 0))
        tt = (-b - sq) / (2 * a)
        px = o[0] + tt * d[..., 0]
        pz = o[2] + tt * d[..., 2]
        py = o[1] + tt * d[..., 1]
        s = r * np.arctan2(px, r - pz)
        s = np.where(ok & (pz < r), s, np.nan)
    return s + 0.5, py + p["aspect"] / 2


def sample(tex, s, t, aspect):
    """Bilinear sample of tex (h x w) at surface coords; NaN outside."""
    th, tw = tex.shape
    u = s * tw - 0.5
    v = t / aspect * th - 0.5
    inside = (u >= 0) & (v >= 0) & (u < tw - 1) & (v < th - 1)
    u = np.where(inside, u, 0)
    v = np.where(inside, v, 0)
    u0 = np.floor(u).astype(np.int64)
    v0 = np.floor(v).astype(np.int64)
    fu, fv = u - u0, v - v0
    a = tex[v0, u0] * (1 - fu) + tex[v0, u0 + 1] * fu
    b = tex[v0 + 1, u0] * (1 - fu) + tex[v0 + 1, u0 + 1] * fu
    out = a * (1 - fv) + b * fv
    return np.where(inside, out, np.nan), u, v, inside


def finder_mask(n):
    """True on the modules of the three finder patterns (7x7 each)."""
    m = np.zeros((n, n), dtype=bool)
    m[:7, :7] = m[:7, -7:] = m[-7:, :7] = True
    return m


def styled_code(mods, rng, mpx):
    """Dark-module mask (texture px, quiet zone included) of a designer
    code: data modules as dots (diameter 0.55-0.95 of a module) or as
    round blobs joined to their dark neighbours; the finder patterns as
    rounded squares or as concentric circles."""
    n = mods.shape[0]
    q = QUIET * mpx
    side = (n + 2 * QUIET) * mpx
    yy, xx = np.mgrid[0:side, 0:side].astype(np.float32)
    my = (yy - q) / mpx            # position in modules
    mx = (xx - q) / mpx
    iy = np.clip(np.floor(my).astype(np.int64), 0, n - 1)
    ix = np.clip(np.floor(mx).astype(np.int64), 0, n - 1)
    inside = (my >= 0) & (mx >= 0) & (my < n) & (mx < n)
    fy, fx = my - np.floor(my) - 0.5, mx - np.floor(mx) - 0.5
    dark = mods[iy, ix] & inside
    fm = finder_mask(n)[iy, ix] & inside
    if rng.random() < 0.5:
        r = rng.uniform(0.275, 0.475)
        data = dark & (fx * fx + fy * fy <= r * r)
    else:
        # liquid: a disc per module, bridged to a dark right/down neighbour
        right = np.zeros_like(mods)
        right[:, :-1] = mods[:, :-1] & mods[:, 1:]
        down = np.zeros_like(mods)
        down[:-1, :] = mods[:-1, :] & mods[1:, :]
        left = np.zeros_like(mods)
        left[:, 1:] = right[:, :-1]
        up = np.zeros_like(mods)
        up[1:, :] = down[:-1, :]
        data = dark & ((fx * fx + fy * fy <= 0.25) |
                       (right[iy, ix] & (fx >= 0)) |
                       (left[iy, ix] & (fx <= 0)) |
                       (down[iy, ix] & (fy >= 0)) |
                       (up[iy, ix] & (fy <= 0)))
    out = np.where(fm, False, data)
    round_eyes = rng.random() < 0.35
    for oy, ox in ((0, 0), (0, n - 7), (n - 7, 0)):
        cy, cx = my - (oy + 3.5), mx - (ox + 3.5)
        if round_eyes:
            d = np.sqrt(cy * cy + cx * cx)
            eye = ((d <= 3.5) & (d >= 2.5)) | (d <= 1.5)
        else:
            rr = rng.uniform(0.6, 1.4)      # corner radius, modules

            def rbox(h, rad):
                ay = np.maximum(np.abs(cy) - (h - rad), 0)
                ax = np.maximum(np.abs(cx) - (h - rad), 0)
                return ay * ay + ax * ax <= rad * rad
            eye = (rbox(3.5, rr) & ~rbox(2.5, max(rr - 1, 0.2))) | \
                rbox(1.5, rr * 0.6)
        out |= eye & (np.abs(cy) <= 3.5) & (np.abs(cx) <= 3.5)
    return out


def badge_texture(mods, rng, ink, paper, mpx=6, style="square"):
    """A printed card: the code (quiet zone included) on the upper part,
    a name line below. Returns (texture, aspect, code box in texture)."""
    n = mods.shape[0] + 2 * QUIET
    if style == "styled":
        code = np.where(styled_code(mods, rng, mpx), ink,
                        paper).astype(np.float32)
    else:
        code = np.full((n, n), paper, dtype=np.float32)
        code[QUIET:-QUIET, QUIET:-QUIET] = np.where(mods, ink, paper)
        code = np.kron(code, np.ones((mpx, mpx), dtype=np.float32))
    side = code.shape[0]
    margin = int(side * 0.08)
    tw = side + 2 * margin
    th = int(side * 1.35)
    tex = np.full((th, tw), paper, dtype=np.float32)
    tex[margin:margin + side, margin:margin + side] = code
    ty = margin + side + int(side * 0.08)
    for k in range(int(rng.integers(4, 9))):      # the name, in ink
        gx = margin + k * side // 10
        tex[ty:ty + side // 14, gx:gx + side // 30] = ink
    return tex, th / tw, (margin, margin, side)


def phone_texture(mods, rng, dark):
    """A phone: black bezel, the screen showing the badge PNG centred on
    white (or, in dark mode, light modules on black)."""
    n = mods.shape[0] + 2 * QUIET
    mpx = 6
    fg, bg = (25.0, 235.0) if not dark else (225.0, 18.0)
    code = np.full((n, n), bg, dtype=np.float32)
    code[QUIET:-QUIET, QUIET:-QUIET] = np.where(mods, fg, bg)
    code = np.kron(code, np.ones((mpx, mpx), dtype=np.float32))
    side = code.shape[0]
    sw = int(side * 1.15)
    sh = int(sw * 2.0)
    bez = int(sw * 0.05)
    tex = np.full((sh + 2 * bez, sw + 2 * bez), 12.0, dtype=np.float32)
    screen = np.full((sh, sw), bg, dtype=np.float32)
    oy = int(sh * 0.3)
    ox = (sw - side) // 2
    screen[oy:oy + side, ox:ox + side] = code
    screen[int(sh * 0.1):int(sh * 0.14), ox:ox + side // 2] = fg  # a title
    tex[bez:bez + sh, bez:bez + sw] = screen
    th, tw = tex.shape
    # where the code sits, as a fraction of the phone's width
    return tex, th / tw, (bez + ox, bez + oy, side)


def pose(rng, cat, size_frac):
    """Camera pose of a badge: size is the code's side in frame px."""
    tilt = {"perspective": (25, 45)}.get(cat, (0, 18))
    a = math.radians(rng.uniform(*tilt))
    b = rng.uniform(0, 2 * math.pi)
    return {
        "rx": a * math.sin(b), "ry": a * math.cos(b),
        "rz": math.radians(rng.uniform(-30, 30)),
        "code": H * size_frac,
    }


def faded(tex, box, rng, ink, paper):
    """Uneven print: toner fading in broad patches over the code."""
    bx, by, side = box
    th, tw = tex.shape
    k = 6
    g = rng.uniform(0, 1, (k, k))
    yy, xx = np.mgrid[0:th, 0:tw].astype(np.float32)
    gy = np.clip((yy - by) / side * (k - 1), 0, k - 1)
    gx = np.clip((xx - bx) / side * (k - 1), 0, k - 1)
    y0, x0 = np.floor(gy).astype(int), np.floor(gx).astype(int)
    y1, x1 = np.minimum(y0 + 1, k - 1), np.minimum(x0 + 1, k - 1)
    fy, fx = gy - y0, gx - x0
    f = (g[y0, x0] * (1 - fx) + g[y0, x1] * fx) * (1 - fy) + \
        (g[y1, x0] * (1 - fx) + g[y1, x1] * fx) * fy
    lift = rng.uniform(30, 90) * f       # how far ink pales to paper
    return np.where(tex < (ink + paper) / 2, tex + lift, tex)


def render_code(rng, cat, text):
    """The frame (float, before sensor effects) with TEXT in category CAT,
    and the geometry chosen (for `seq`, which reuses it)."""
    level = "M"
    if cat == "dense" and rng.random() < 0.5:
        level = "L"
    mods = qr_modules(text, level)
    geo = {"cat": cat, "mods": mods}
    if cat == "small":
        size_frac = rng.uniform(0.10, 0.15)
    elif cat == "phone" or cat == "dark":
        size_frac = rng.uniform(0.28, 0.45)
    elif cat == "dense":
        size_frac = rng.uniform(0.45, 0.55)
    elif cat == "jpeg":
        size_frac = rng.uniform(0.18, 0.35)
    else:
        size_frac = rng.uniform(0.30, 0.55)
    pz = pose(rng, cat, size_frac)
    ink, paper = 28.0, 225.0
    if cat == "lowcontrast":
        ink, paper = rng.uniform(95, 125), rng.uniform(150, 175)
    elif cat == "colour":
        rgb = [(30, 60, 170), (200, 35, 35), (40, 150, 60),
               (235, 140, 40), (20, 90, 200)][int(rng.integers(0, 5))]
        # a camera's luma (BT.601) of the ink on white paper
        ink = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
        paper = 235.0
    if cat in ("phone", "dark"):
        tex, aspect, box = phone_texture(mods, rng, cat == "dark")
    elif cat == "dotted":
        tex, aspect, box = badge_texture(mods, rng, ink, paper, 10,
                                         "styled")
    elif cat == "dense":
        tex, aspect, box = badge_texture(mods, rng, ink, paper, 4)
    else:
        tex, aspect, box = badge_texture(mods, rng, ink, paper)
    if cat == "uneven" and rng.random() < 0.6:
        tex = faded(tex, box, rng, ink, paper)
    th, tw = tex.shape
    bx, by, side = box
    # scale so the code spans size px; centre the code near the middle
    size = pz["code"] * tw / side
    p = {"size": size, "aspect": aspect, "rx": pz["rx"], "ry": pz["ry"],
         "rz": pz["rz"], "bend": 0.0,
         "cx": W / 2 + rng.uniform(-0.25, 0.25) * W,
         "cy": H / 2 + rng.uniform(-0.2, 0.2) * H}
    if cat == "curved":
        p["bend"] = rng.uniform(0.6, 1.2)      # radius in card widths
    # put the code's centre, not the card's, near (cx, cy)
    ccx = (bx + side / 2) / tw - 0.5
    ccy = (by + side / 2) / tw - aspect / 2
    p["cx"] -= ccx * size * math.cos(p["rz"]) - ccy * size * math.sin(p["rz"])
    p["cy"] -= ccx * size * math.sin(p["rz"]) + ccy * size * math.cos(p["rz"])
    geo.update(p=p, tex=tex, box=box)
    return geo


def finger(tex, box, rng, value):
    """A fingertip over one edge of the code (on the texture)."""
    bx, by, side = box
    th, tw = tex.shape
    yy, xx = np.mgrid[0:th, 0:tw].astype(np.float32)
    edge = int(rng.integers(0, 4))
    along = rng.uniform(0.25, 0.75) * side
    depth = rng.uniform(0.10, 0.22) * side
    rw = side * rng.uniform(0.10, 0.14)
    if edge == 0:
        fx, fy = bx + along, by + depth - 3 * rw
        m = ((xx - fx) / rw) ** 2 + ((yy - fy) / (3 * rw)) ** 2 <= 1
        m |= (np.abs(xx - fx) <= rw) & (yy <= fy)
    elif edge == 1:
        fx, fy = bx + along, by + side - depth + 3 * rw
        m = ((xx - fx) / rw) ** 2 + ((yy - fy) / (3 * rw)) ** 2 <= 1
        m |= (np.abs(xx - fx) <= rw) & (yy >= fy)
    elif edge == 2:
        fx, fy = bx + depth - 3 * rw, by + along
        m = ((xx - fx) / (3 * rw)) ** 2 + ((yy - fy) / rw) ** 2 <= 1
        m |= (np.abs(yy - fy) <= rw) & (xx <= fx)
    else:
        fx, fy = bx + side - depth + 3 * rw, by + along
        m = ((xx - fx) / (3 * rw)) ** 2 + ((yy - fy) / rw) ** 2 <= 1
        m |= (np.abs(yy - fy) <= rw) & (xx >= fx)
    shade = value + 25 * np.sin(xx / 9.0 + yy / 13.0)
    return np.where(m, shade, tex)


def compose(rng, geo, bg):
    """Renders geo onto bg; returns the float frame."""
    cat, p, tex = geo["cat"], geo["p"], geo["tex"]
    if cat == "finger":
        tex = finger(tex, geo["box"], rng, rng.uniform(120, 175))
    s, t = project(p)
    val, u, v, inside = sample(tex, s, t, p["aspect"])
    if cat in ("phone", "dark"):
        # the screen's pixel grid, seen by the camera's own pixel grid:
        # dark gaps between screen pixels alias into moire
        pitch = rng.uniform(1.6, 2.6)      # texture px per screen pixel
        fill = rng.uniform(0.6, 0.8)
        gx = np.mod(u / pitch, 1.0) < fill
        gy = np.mod(v / pitch, 1.0) < fill
        grid = np.where(gx & gy, 1.0, rng.uniform(0.45, 0.7))
        lit = val > 40
        val = np.where(lit, val * grid, val)
        if rng.random() < 0.35:             # a cracked screen
            th, tw = tex.shape
            for _ in range(int(rng.integers(1, 4))):
                a = rng.uniform(0, math.pi)
                c0 = rng.uniform(0.2, 0.8) * tw
                dist = np.abs((u - c0) * math.sin(a) -
                              (v - th * 0.5) * math.cos(a))
                val = np.where(inside & (dist < 1.2), 200.0, val)
    geo["card"] = ~np.isnan(val)        # where the card is (glossy)
    img = np.where(np.isnan(val), bg, val)
    return img


def illuminate(img, rng, cat, geo=None):
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    if cat == "light":
        # light from one side, falling off to 35-55% across the frame
        a = rng.uniform(0, 2 * math.pi)
        g = (math.cos(a) * (x - W / 2) + math.sin(a) * (y - H / 2)) / W
        lo = rng.uniform(0.35, 0.55)
        img = img * (lo + (1 - lo) * (0.5 + g).clip(0, 1))
        # a glare spot near the code's centre
        p = geo["p"]
        gx = p["cx"] + rng.uniform(-0.2, 0.2) * H * 0.4
        gy = p["cy"] + rng.uniform(-0.2, 0.2) * H * 0.4
        r = rng.uniform(25, 60)
        img = img + rng.uniform(120, 220) * np.exp(
            -((x - gx) ** 2 + (y - gy) ** 2) / (2 * r * r))
    elif cat == "lowcontrast":
        img = img * rng.uniform(0.55, 0.8)
    elif cat == "uneven":
        img = uneven_light(img, rng, geo["p"], x, y)
    elif cat == "glossy":
        img = specular_band(img, rng, geo, x, y)
    elif cat in ("phone", "dark") and geo is not None:
        # glare: a soft band of reflected room light
        a = rng.uniform(0, math.pi)
        c = geo["p"]["cx"] + rng.uniform(-100, 100)
        d = (x - c) * math.cos(a) + (y - geo["p"]["cy"]) * math.sin(a)
        wdt = rng.uniform(20, 60)
        img = img + rng.uniform(40, 110) * np.exp(-(d * d) / (2 * wdt * wdt))
    else:
        img = img * (0.85 + 0.15 * (1 - ((x - W / 2) ** 2 + (y - H / 2) ** 2)
                                    / (W * W / 4 + H * H / 4)))
    return img


def code_extent(p):
    """The code's side in frame px (about) and its centre."""
    return p["size"] * 0.78, p["cx"], p["cy"]


def uneven_light(img, rng, p, x, y):
    """Light falling off across the code itself (its far side 0.3-0.5 as
    bright as the near one) and the soft edge of a shadow (a head, a
    hand) crossing it, 0.35-0.6 as bright inside."""
    side, cx, cy = code_extent(p)
    a = rng.uniform(0, 2 * math.pi)
    g = ((x - cx) * math.cos(a) + (y - cy) * math.sin(a)) / side
    lo = rng.uniform(0.3, 0.5)
    img = img * (lo + (1 - lo) * (0.5 + g).clip(0, 1))
    b = rng.uniform(0, 2 * math.pi)
    off = rng.uniform(-0.3, 0.3) * side
    d = (x - cx) * math.cos(b) + (y - cy) * math.sin(b) - off
    soft = rng.uniform(2, 25)
    dim = rng.uniform(0.35, 0.6)
    d = np.clip(d / soft, -50, 50)
    return img * (dim + (1 - dim) / (1 + np.exp(-d)))


def specular_band(img, rng, geo, x, y):
    """Glossy stock: a ceiling light's reflection on the card, a band
    0.04-0.14 of the code wide (sometimes two) where the light adds up to
    white, over a faint sheen on the rest of the card."""
    side, cx, cy = code_extent(geo["p"])
    shine = np.full(img.shape, rng.uniform(5, 25), dtype=np.float64)
    for _ in range(1 if rng.random() < 0.7 else 2):
        a = rng.uniform(0, math.pi)
        off = rng.uniform(-0.35, 0.35) * side
        bend = rng.uniform(-0.25, 0.25) / side    # a card is never flat
        along = (x - cx) * -math.sin(a) + (y - cy) * math.cos(a)
        d = (x - cx) * math.cos(a) + (y - cy) * math.sin(a) - off - \
            bend * along * along
        wdt = rng.uniform(0.04, 0.14) * side / 2
        shine += rng.uniform(150, 320) * np.exp(-(d * d) / (2 * wdt * wdt))
    return np.where(geo["card"], img + shine, img)


def motion_blur(img, length, angle):
    dx, dy = math.cos(angle), math.sin(angle)
    acc = np.zeros_like(img)
    n = max(2, int(round(length)))
    for k in range(n):
        o = k - (n - 1) / 2
        acc += np.roll(np.roll(img, int(round(o * dy)), axis=0),
                       int(round(o * dx)), axis=1)
    return acc / n


def gauss(img, sigma):
    """Separable Gaussian blur (edges repeated)."""
    if sigma <= 0:
        return img
    r = int(math.ceil(3 * sigma))
    k = np.exp(-np.arange(-r, r + 1) ** 2 / (2 * sigma * sigma))
    k /= k.sum()
    pad = np.pad(img, r, mode="edge")
    rows = sum(k[i] * pad[:, i:i + img.shape[1]] for i in range(2 * r + 1))
    return sum(k[i] * rows[i:i + img.shape[0], :] for i in range(2 * r + 1))


def sensor(img, rng, cat):
    """Lens blur, exposure, noise and 8-bit quantisation."""
    if cat == "motion":
        img = motion_blur(img, rng.uniform(5, 12),
                          rng.uniform(0, math.pi))
        img = gauss(img, 0.6)
    elif cat == "focus":
        img = gauss(img, rng.uniform(1.5, 2.6))
    else:
        img = gauss(img, rng.uniform(0.5, 0.9))
    sigma = rng.uniform(2, 5)
    if cat == "noise":
        sigma = rng.uniform(14, 24)
    elif cat == "lowcontrast":
        sigma = rng.uniform(3, 6)
    img = img + rng.normal(0, sigma, img.shape)
    px = img.clip(0, 255).astype(np.uint8)
    if cat == "jpeg":
        px = jpeg(px, int(rng.integers(30, 71)))
    return px


def jpeg(px, quality):
    """Through a JPEG encoder and back: 8x8 blocks, ringing at edges."""
    buf = io.BytesIO()
    Image.fromarray(px, "L").save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return np.array(Image.open(buf).convert("L"), dtype=np.uint8)


def frame(rng, cat):
    """The text a frame of CAT shows (unused for empty) and the frame. The
    text is drawn first, empty or not, as it always was: older frames
    stay the same."""
    text = dense_text(rng) if cat == "dense" else token_text(rng)
    return text, frame_of(rng, cat, text)


def frame_of(rng, cat, text):
    bg = background(rng)
    if cat == "empty":
        distractors(bg, rng)
        return sensor(illuminate(bg, rng, "plain"), rng,
                      ["plain", "noise", "motion"][int(rng.integers(0, 3))])
    geo = render_code(rng, cat, text)
    img = compose(rng, geo, bg)
    return sensor(illuminate(img, rng, cat, geo), rng, cat)


def write_pgm(path, px):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (px.shape[1], px.shape[0]))
        f.write(px.tobytes())


def cmd_set(a):
    cats = a.only.split(",") if a.only else CATEGORIES
    for c in cats:
        if c not in CATEGORIES:
            sys.exit("gen-camera-set: unknown category '%s'" % c)
    picks = None
    if a.pick:
        picks = set()
        for p in a.pick.split(","):
            c, _, i = p.partition(":")
            if c not in CATEGORIES or not i.isdigit():
                sys.exit("gen-camera-set: bad --pick '%s'" % p)
            picks.add((c, int(i)))
        cats = sorted({c for c, _ in picks}, key=DISPLAY.index)
    os.makedirs(a.outdir, exist_ok=True)
    lines = []
    for cat in DISPLAY:
        if cat not in cats:
            continue
        ci = CATEGORIES.index(cat)
        os.makedirs(os.path.join(a.outdir, cat), exist_ok=True)
        idx = range(a.per) if picks is None else \
            sorted(i for c, i in picks if c == cat)
        for i in idx:
            # one stream per frame: a frame never depends on --per or --only
            rng = np.random.default_rng([a.seed, ci, i])
            text, px = frame(rng, cat)
            name = "%s/%03d.pgm" % (cat, i)
            write_pgm(os.path.join(a.outdir, name), px)
            lines.append("%s %s %s\n" % (cat, name,
                                         "-" if cat == "empty" else text))
    with open(os.path.join(a.outdir, "manifest.txt"), "w") as f:
        f.writelines(lines)


def cmd_seq(a):
    if a.category not in CATEGORIES or a.category == "empty":
        sys.exit("gen-camera-set: unknown category '%s'" % a.category)
    os.makedirs(a.outdir, exist_ok=True)
    rng = np.random.default_rng([a.seed, 99])
    bg = background(rng)
    geo = render_code(rng, a.category, a.text)
    n = 0

    def out(px):
        nonlocal n
        write_pgm(os.path.join(a.outdir, "%s%04d.pgm" % (a.prefix, n)), px)
        n += 1

    for _ in range(a.before):
        out(sensor(illuminate(bg.copy(), rng, "plain"), rng, "plain"))
    for k in range(a.show):
        frng = np.random.default_rng([a.seed, 99, k])
        g = dict(geo)
        g["p"] = dict(geo["p"])
        g["p"]["cx"] += 3 * math.sin(k / 4.0)   # a hand is never still
        g["p"]["cy"] += 2 * math.cos(k / 5.0)
        img = compose(np.random.default_rng([a.seed, 7]), g, bg)
        out(sensor(illuminate(img, np.random.default_rng([a.seed, 8]),
                              a.category, g), frng, a.category))
    for _ in range(a.after):
        out(sensor(illuminate(bg.copy(), rng, "plain"), rng, "plain"))
    with open(os.path.join(a.outdir, "fps"), "w") as f:
        f.write("%d\n" % a.fps)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("set")
    s.add_argument("outdir")
    s.add_argument("--per", type=int, default=16)
    s.add_argument("--seed", type=int, default=11)
    s.add_argument("--only", default="")
    s.add_argument("--pick", default="")
    q = sub.add_parser("seq")
    q.add_argument("category")
    q.add_argument("text")
    q.add_argument("outdir")
    q.add_argument("--before", type=int, default=10)
    q.add_argument("--show", type=int, default=30)
    q.add_argument("--after", type=int, default=20)
    q.add_argument("--seed", type=int, default=11)
    q.add_argument("--fps", type=int, default=30)
    q.add_argument("--prefix", default="",
                   help="file names start with this (sequences in one dir)")
    a = ap.parse_args()
    if a.cmd == "set":
        cmd_set(a)
    else:
        cmd_seq(a)


if __name__ == "__main__":
    main()
