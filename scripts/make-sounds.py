#!/usr/bin/env python3
"""make-sounds.py: writes the kiosk's sounds into assets/ (run once; the
WAVs are committed). All three share one format (22050 Hz, mono, 16-bit)
so the kiosk opens the audio device once.

  chime.wav   accepted: two rising bell tones
  notice.wav  already checked in: one soft tone
  buzz.wav    refused: a low buzz, unmistakable in a loud hall
"""
import math
import struct
import sys
import wave

RATE = 22050


def tone(freq, secs, vol=0.5, decay=6.0, square=False):
    out = []
    for i in range(int(RATE * secs)):
        t = i / RATE
        s = math.sin(2 * math.pi * freq * t)
        if square:
            s = 1.0 if s >= 0 else -1.0
            s *= 0.6
        env = math.exp(-decay * t) * min(1.0, i / (RATE * 0.005))
        out.append(vol * env * s)
    return out


def write(path, samples):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, s)) *
                                                     32000))
                               for s in samples))


def main(outdir):
    write(outdir + "/chime.wav", tone(880, 0.14) + tone(1318.5, 0.3))
    write(outdir + "/notice.wav", tone(659.3, 0.3, vol=0.4))
    write(outdir + "/buzz.wav", tone(160, 0.45, vol=0.45, decay=1.5,
                                     square=True))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "assets")
