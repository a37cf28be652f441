#!/usr/bin/python3
"""screens.py: the approved screens in tests/screens/ (see docs/kiosk.md).

  screens.py approve GALLERY APPROVED   store each GALLERY/*.png, halved and
                                        as a 64-colour palette PNG
  screens.py compare GALLERY APPROVED   compare each with its approved image:
                                        fail if more than 0.5 % of pixels
                                        differ by more than 48 in a channel,
                                        or a screen is new or gone

The comparison halves the fresh screen the same way, so it tolerates the
palette and scaling; a changed label, colour or position fails it. The
badge screens' QR code is left out of it: it is the walk-in's new badge,
signed with the event's keys, which differ from run to run.
"""
import os
import sys

from PIL import Image, ImageChops, ImageDraw

TOLERANCE = 0.005


def small(path):
    im = Image.open(path).convert("RGB")
    im = im.resize((im.width // 2, im.height // 2), Image.BOX)
    return im.quantize(64, method=Image.MEDIANCUT, dither=Image.NONE)


def without_qr(im, name):
    """im with the badge's QR square painted white: where
    screen_reg_badge (src/brain/layout.c) puts it, a margin around."""
    if not name.split("-", 1)[1].startswith("badge"):
        return im
    w, h = im.size
    if w > h:
        side, x, y = 0.78 * h, 0.03 * w, 0.17 * h
    else:
        side, x, y = 0.7 * w, 0.15 * w, 0.13 * h
    m = 0.02 * side
    ImageDraw.Draw(im).rectangle(
        [x - m, y - m, x + side + m, y + side + m], fill=(255, 255, 255))
    return im


def approve(gallery, approved):
    os.makedirs(approved, exist_ok=True)
    for f in os.listdir(approved):
        if f.endswith(".png"):
            os.unlink(os.path.join(approved, f))
    for f in sorted(os.listdir(gallery)):
        if f.endswith(".png") and not f.startswith("diff-"):
            small(os.path.join(gallery, f)).save(
                os.path.join(approved, f), optimize=True)
    print("approved %d screens in %s" % (len(os.listdir(approved)),
                                         approved))


def compare(gallery, approved):
    fresh = sorted(f for f in os.listdir(gallery)
                   if f.endswith(".png") and not f.startswith("diff-"))
    known = sorted(f for f in os.listdir(approved) if f.endswith(".png"))
    bad = 0
    for f in sorted(set(known) - set(fresh)):
        print("FAIL: %s: approved but no longer drawn" % f)
        bad += 1
    for f in fresh:
        if f not in known:
            print("FAIL: %s: new screen, not approved" % f)
            bad += 1
            continue
        a = without_qr(small(os.path.join(gallery, f)).convert("RGB"), f)
        b = without_qr(Image.open(os.path.join(approved, f)).convert("RGB"),
                       f)
        if a.size != b.size:
            print("FAIL: %s: size %s, approved %s" % (f, a.size, b.size))
            bad += 1
            continue
        d = ImageChops.difference(a, b).convert("L").point(
            lambda v: 255 if v > 48 else 0)
        n = sum(d.histogram()[1:])
        share = n / (a.size[0] * a.size[1])
        if share > TOLERANCE:
            d.save(os.path.join(gallery, "diff-" + f))
            print("FAIL: %s: %.2f %% of pixels differ (diff-%s)" %
                  (f, 100 * share, f))
            bad += 1
        else:
            print("ok: %s (%.3f %%)" % (f, 100 * share))
    return bad


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("approve", "compare"):
        sys.exit(__doc__)
    if sys.argv[1] == "approve":
        approve(sys.argv[2], sys.argv[3])
        return
    sys.exit(1 if compare(sys.argv[2], sys.argv[3]) else 0)


main()
