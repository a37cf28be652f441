#!/usr/bin/env python3
"""keylog.py: run in a VM guest, logs a keyboard's key events with the
kernel's own timestamps, for tests/vm/hotplug.sh to say how fast the keys
really arrived (the kiosk's SDL fallback takes a scan only as a burst with
no gap over 40 ms).

  keylog.py OUT GLOB     waits for a device matching GLOB (e.g.
                         /dev/input/by-id/*-event-kbd), then appends
                         "SECONDS CODE VALUE" for each EV_KEY event to OUT

  keylog.py --gaps OUT   prints "N MAX OVER": key presses, the largest gap
                         between presses inside one typed line (ms; a line
                         ends at Enter), and how many gaps were over 40 ms

Standard library only; reads without grabbing, so the kiosk hears the same.
"""
import glob
import os
import struct
import sys
import time

EV_KEY = 1
KEY_ENTER = 28
BURST_GAP_MS = 40  # include/fair/keyscan.h KEYSCAN_BURST_GAP_MS


def log(out, pattern):
    while True:
        found = glob.glob(pattern)
        if found:
            break
        time.sleep(0.2)
    fd = os.open(found[0], os.O_RDONLY)
    size = struct.calcsize("llHHi")
    with open(out, "a", buffering=1) as f:
        while True:
            data = os.read(fd, size * 64)
            if not data:
                return 0
            for i in range(0, len(data) - size + 1, size):
                sec, usec, typ, code, value = struct.unpack(
                    "llHHi", data[i:i + size])
                if typ == EV_KEY:
                    f.write("%d.%06d %d %d\n" % (sec, usec, code, value))


def gaps(path):
    n, worst, over, last = 0, 0.0, 0, None
    with open(path) as f:
        for line in f:
            t, code, value = line.split()
            if value != "1":
                continue
            t = float(t) * 1000
            n += 1
            if last is not None:
                gap = t - last
                worst = max(worst, gap)
                over += gap > BURST_GAP_MS
            last = None if int(code) == KEY_ENTER else t
    print("%d %d %d" % (n, round(worst), over))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--gaps":
        sys.exit(gaps(sys.argv[2]))
    sys.exit(log(sys.argv[1], sys.argv[2]))
