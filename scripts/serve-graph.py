#!/usr/bin/env python3
"""serve-graph.py: prints who includes and who calls whom among the files
of src/fairsync/serve/, and exits 1 if two files call each other in a
loop (issue 22: no circle in serve/).

Calls are read from the compiled objects (nm: a symbol one object needs
and another defines), so a macro or a comment never counts as a call.
Run after `make`:  python3 scripts/serve-graph.py [BUILD_DIR]"""
import os
import re
import subprocess
import sys

SRC = "src/fairsync/serve"
build = sys.argv[1] if len(sys.argv) > 1 else "build"
objdir = os.path.join(build, SRC)

names = sorted(f[:-2] for f in os.listdir(SRC) if f.endswith(".c"))
defined, needed = {}, {}
for n in names:
    obj = os.path.join(objdir, n + ".o")
    if not os.path.exists(obj):
        sys.exit("serve-graph: %s missing: run make first" % obj)
    out = subprocess.run(["nm", obj], capture_output=True, text=True,
                         check=True).stdout
    defined[n], needed[n] = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBR":
            defined[n].add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            needed[n].add(parts[1])

calls = {n: {} for n in names}
for a in names:
    for b in names:
        if a != b:
            syms = sorted(needed[a] & defined[b])
            if syms:
                calls[a][b] = syms

print("includes (local headers):")
for n in names:
    with open(os.path.join(SRC, n + ".c"), encoding="utf-8") as f:
        inc = re.findall(r'^#include "([^"]+)"', f.read(), re.M)
    print("  %s.c -> %s" % (n, ", ".join(inc) or "-"))
print("calls:")
for a in names:
    for b, syms in calls[a].items():
        print("  %s.c -> %s.c: %s" % (a, b, ", ".join(syms)))

# A loop is a strongly connected set of more than one file (Tarjan).
index, low, stack, on, loops = {}, {}, [], set(), []


def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in calls[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            loops.append(sorted(comp))


for n in names:
    if n not in index:
        visit(n)
if loops:
    for comp in loops:
        print("LOOP: " + " <-> ".join(c + ".c" for c in comp))
    sys.exit(1)
print("no loops")
