#!/usr/bin/env python3
"""Writes the evdev recordings in tests/data/evdev/ (run from the repo root).

Each file is a sequence of 24-byte little-endian records as struct
input_event has on 64-bit Linux: s64 tv_sec, s64 tv_usec, u16 type,
u16 code, s32 value. Timing and framing follow a real USB HID scanner:
EV_MSC/MSC_SCAN before each key, EV_SYN/SYN_REPORT after it, shift
pressed around upper-case characters, about 1 ms per report.
tests/test_keyscan.c reads them back record by record, so they decode the
same on any host. Deterministic: rerunning gives identical files.
"""
import struct
import sys

EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
SYN_REPORT, SYN_DROPPED, MSC_SCAN = 0, 3, 4
K = {c: i for i, c in enumerate("1234567890", start=2)}
K.update(zip("qwertyuiop", range(16, 26)))
K.update(zip("asdfghjkl", range(30, 39)))
K.update(zip("zxcvbnm", range(44, 51)))
KEY_MINUS, KEY_EQUAL, KEY_TAB, KEY_LEFTBRACE, KEY_RIGHTBRACE = 12, 13, 15, 26, 27
KEY_ENTER, KEY_SEMICOLON, KEY_APOSTROPHE, KEY_GRAVE = 28, 39, 40, 41
KEY_LEFTSHIFT, KEY_BACKSLASH, KEY_COMMA, KEY_DOT, KEY_SLASH = 42, 43, 51, 52, 53
KEY_SPACE, KEY_CAPSLOCK = 57, 58
# US layout: character -> (key, shift)
US = {}
for c, k in K.items():
    US[c] = (k, False)
    if c.isalpha():
        US[c.upper()] = (k, True)
for c, s in zip("1234567890", "!@#$%^&*()"):
    US[s] = (K[c], True)
for k, a, b in [(KEY_MINUS, "-", "_"), (KEY_EQUAL, "=", "+"),
                (KEY_LEFTBRACE, "[", "{"), (KEY_RIGHTBRACE, "]", "}"),
                (KEY_SEMICOLON, ";", ":"), (KEY_APOSTROPHE, "'", '"'),
                (KEY_GRAVE, "`", "~"), (KEY_BACKSLASH, "\\", "|"),
                (KEY_COMMA, ",", "<"), (KEY_DOT, ".", ">"),
                (KEY_SLASH, "/", "?")]:
    US[a] = (k, False)
    US[b] = (k, True)
US[" "] = (KEY_SPACE, False)

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def fake_token(seed):
    """124 characters shaped like a badge token (FK + base32)."""
    x, out = seed, []
    for _ in range(122):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(B32[(x >> 16) % 32])
    return "FK" + "".join(out)


class Rec:
    def __init__(self):
        self.t = 1_000_000_000  # microseconds on the recording's clock
        self.out = bytearray()

    def ev(self, typ, code, value):
        self.out += struct.pack("<qqHHi", self.t // 1_000_000,
                                self.t % 1_000_000, typ, code, value)

    def report(self, code, value, step_us):
        self.ev(EV_MSC, MSC_SCAN, 0x70000 + code)
        self.ev(EV_KEY, code, value)
        self.ev(EV_SYN, SYN_REPORT, 0)
        self.t += step_us

    def tap(self, code, step_us, shift=False):
        if shift:
            self.report(KEY_LEFTSHIFT, 1, step_us)
        self.report(code, 1, step_us)
        self.report(code, 0, step_us)
        if shift:
            self.report(KEY_LEFTSHIFT, 0, step_us)

    def text(self, s, step_us=1000, gap_us=None):
        for c in s:
            k, sh = US[c]
            self.tap(k, step_us, sh)
            if gap_us:
                self.t += gap_us

    def text_unshifted(self, s, step_us=1000):
        """A caps-lock-aware scanner: letters without shift."""
        for c in s:
            k, _ = US[c.lower()] if c.isalpha() else US[c]
            self.tap(k, step_us, not c.isalpha() and US[c][1])

    def idle(self, ms):
        self.t += ms * 1000

    def save(self, name):
        with open("tests/data/evdev/" + name, "wb") as f:
            f.write(self.out)


def main():
    tok1, tok2 = fake_token(1), fake_token(2)

    r = Rec()  # a US scanner, two scans, Enter then Tab
    r.text(tok1); r.tap(KEY_ENTER, 1000); r.idle(800)
    r.text(tok2); r.tap(KEY_TAB, 1000)
    r.save("us_scanner.ev")

    r = Rec()  # symbols a JIS host layout would turn into others
    r.text("]Q1" + tok1[:20] + "+@:*_=[]^~'\"`\\|{}&()")
    r.tap(KEY_ENTER, 1000)
    r.save("jis_host.ev")

    r = Rec()  # caps lock toggled on, then an aware and a plain scanner
    r.tap(KEY_CAPSLOCK, 80000); r.idle(500)
    r.text_unshifted(tok1); r.tap(KEY_ENTER, 1000); r.idle(800)
    r.text(tok2); r.tap(KEY_ENTER, 1000)
    r.save("caps_lock.ev")

    r = Rec()  # a person types around a scan on the same keyboard
    r.text("hello", step_us=40000, gap_us=110000); r.tap(KEY_ENTER, 40000)
    r.idle(300)
    r.text("abc", step_us=30000, gap_us=60000)
    r.idle(200)
    r.text(tok1, step_us=2000); r.tap(KEY_ENTER, 2000)
    r.idle(150)
    r.text("ok", step_us=30000, gap_us=90000); r.tap(KEY_ENTER, 30000)
    r.save("human_and_scan.ev")

    r = Rec()  # a scanner set to send no terminator
    r.text(tok1); r.idle(600)
    r.text(tok2); r.idle(600)
    r.save("no_terminator.ev")

    r = Rec()  # an overlong garbage burst, then a good scan
    r.text(("GARBAGE" + tok1) * 8); r.tap(KEY_ENTER, 1000); r.idle(500)
    r.text(tok2); r.tap(KEY_ENTER, 1000)
    r.save("garbage_burst.ev")

    r = Rec()  # the kernel dropped events in the middle of a scan
    r.text(tok1[:50]); r.ev(EV_SYN, SYN_DROPPED, 0); r.t += 1000
    r.text(tok1[60:]); r.tap(KEY_ENTER, 1000); r.idle(500)
    r.text(tok2); r.tap(KEY_ENTER, 1000)
    r.save("syn_dropped.ev")

    with open("tests/data/evdev/tokens.txt", "w") as f:
        f.write(tok1 + "\n" + tok2 + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
