#!/usr/bin/env python3
"""The shared library exports exactly the functions nerve.h declares with
NERVE_API: nothing internal leaks, nothing declared is missing.

usage: check_exports.py LIBNERVE.so include/nerve.h
"""
import re
import subprocess
import sys

lib, header = sys.argv[1], sys.argv[2]
with open(header, encoding="utf-8") as f:
    src = f.read()
declared = set(re.findall(r"NERVE_API\s+[^;{]*?\b(nerve_[a-z0-9_]+)\s*\(", src, re.S))
out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True,
                     check=True).stdout
exported = {parts[2].split("@")[0] for parts in (l.split() for l in out.splitlines())
            if len(parts) == 3 and parts[1] in "TtDdBbRr" and parts[2] != "NERVE_0"}
problems = [f"exported but not declared: {n}" for n in sorted(exported - declared)]
problems += [f"declared but not exported: {n}" for n in sorted(declared - exported)]
for p in problems:
    print(p)
print(f"{len(declared)} declared, {len(exported)} exported, {len(problems)} problems")
sys.exit(1 if problems else 0)
