#!/usr/bin/env python3
"""qmp.py: drives a QEMU guest through its QMP socket, for tests/vm/.

  qmp.py SOCK screendump FILE.ppm     the guest's display as QEMU shows it
  qmp.py SOCK tap FX FY [MAX]         a touch at screen fractions, sent as
                                      usb-tablet absolute values 0..MAX
                                      (QEMU's range, 32767), down then up
  qmp.py SOCK type TEXT [DEV [MS]]    keys of a US keyboard: letters (upper
                                      case with shift), digits, then Enter,
                                      to the device with id DEV (else
                                      QEMU's choice), a key every MS ms
  qmp.py SOCK keys QCODE...           key presses by QEMU key code name
  qmp.py SOCK run COMMAND [JSON]      any QMP command; prints its return
  qmp.py SOCK wait-event NAME SECS    exit 0 once the event NAME arrives

Standard library only. Exits 1 with QEMU's error text on failure.
"""
import json
import socket
import sys
import time


class Qmp:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.settimeout(120)
        self.s.connect(path)
        self.f = self.s.makefile("rwb")
        self.events = []
        self.read()  # the greeting
        self.call("qmp_capabilities")

    def read(self):
        line = self.f.readline()
        if not line:
            sys.exit("qmp.py: QEMU closed the socket")
        return json.loads(line)

    def call(self, cmd, args=None):
        msg = {"execute": cmd}
        if args is not None:
            msg["arguments"] = args
        self.f.write(json.dumps(msg).encode() + b"\n")
        self.f.flush()
        while True:
            r = self.read()
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                sys.exit("qmp.py: %s: %s" % (cmd, r["error"]["desc"]))
            return r.get("return")


def key(q, code, down):
    return {"type": "key",
            "data": {"down": down, "key": {"type": "qcode", "data": code}}}


def send(q, events, dev):
    args = {"events": events}
    if dev:
        args["device"] = dev
    q.call("input-send-event", args)


def press(q, codes, dev=None, ms=60):
    """One key stroke, modifiers first: codes held together. Under 30 ms
    a key, down and up go in one message: QEMU's USB keyboard then paces
    them by its polling (a HID report each 8 ms, 16 queued at most)."""
    if ms < 30:
        send(q, [key(q, c, True) for c in codes] +
             [key(q, c, False) for c in reversed(codes)], dev)
        time.sleep(ms / 1000)
        return
    send(q, [key(q, c, True) for c in codes], dev)
    time.sleep(ms / 2000)
    send(q, [key(q, c, False) for c in reversed(codes)], dev)
    time.sleep(ms / 2000)


def type_text(q, text, dev=None, ms=60):
    for ch in text:
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            press(q, [ch], dev, ms)
        elif "A" <= ch <= "Z":
            press(q, ["shift", ch.lower()], dev, ms)
        else:
            sys.exit("qmp.py: cannot type %r" % ch)
    press(q, ["ret"], dev, ms)


def tap(q, fx, fy, top):
    x, y = round(float(fx) * top), round(float(fy) * top)
    pos = [{"type": "abs", "data": {"axis": "x", "value": x}},
           {"type": "abs", "data": {"axis": "y", "value": y}}]
    q.call("input-send-event", {"events": pos})
    time.sleep(0.05)
    q.call("input-send-event", {"events": [
        {"type": "btn", "data": {"down": True, "button": "left"}}]})
    time.sleep(0.1)
    q.call("input-send-event", {"events": [
        {"type": "btn", "data": {"down": False, "button": "left"}}]})
    time.sleep(0.05)


def wait_event(q, name, secs):
    end = time.time() + float(secs)
    q.s.settimeout(1)
    while time.time() < end:
        if any(e["event"] == name for e in q.events):
            return 0
        try:
            r = q.read()
        except socket.timeout:
            continue
        if "event" in r:
            q.events.append(r)
    return 1


def main(a):
    q = Qmp(a[0])
    cmd = a[1]
    if cmd == "screendump":
        q.call("screendump", {"filename": a[2]})
    elif cmd == "tap":
        tap(q, a[2], a[3], int(a[4]) if len(a) > 4 else 32767)
    elif cmd == "type":
        type_text(q, a[2], a[3] if len(a) > 3 else None,
                  int(a[4]) if len(a) > 4 else 60)
    elif cmd == "keys":
        press(q, a[2:])
    elif cmd == "run":
        r = q.call(a[2], json.loads(a[3]) if len(a) > 3 else None)
        print(json.dumps(r))
    elif cmd == "wait-event":
        return wait_event(q, a[2], a[3])
    else:
        sys.exit("qmp.py: unknown command %r" % cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
