#!/usr/bin/env python3
"""The shared library exports exactly the functions nerve.h declares with
NERVE_API: nothing internal leaks, nothing declared is missing. And it has
no global mutable state: no object of ours in .data or .bss (constant tables
with pointers live in .data.rel.ro, read-only after relocation), so one model
can be shared by threads without locks.

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
# Writable objects the C runtime's start files put in every shared library.
CRT_OBJECTS = {"__dso_handle", "__TMC_END__", "completed.0", "__bss_start", "_edata", "_end"}
table = subprocess.run(["objdump", "-t", lib], capture_output=True, text=True, check=True).stdout
# Sanitizer builds add their own writable metadata: the check is for plain builds.
sanitized = any(s in table for s in ("__asan_", "__ubsan_", "__tsan_"))
writable = []
for line in ([] if sanitized else table.splitlines()):
    parts = line.split()
    if len(parts) >= 5 and parts[-3] in (".data", ".bss") and parts[-1] not in CRT_OBJECTS:
        writable.append(f"{parts[-1]} ({parts[-3]}, {int(parts[-2], 16)} bytes)")
problems += [f"global mutable state: {w}" for w in writable]
for p in problems:
    print(p)
state = "not checked (sanitizer build)" if sanitized else f"{len(writable)} writable objects"
print(f"{len(declared)} declared, {len(exported)} exported, {state}, {len(problems)} problems")
sys.exit(1 if problems else 0)
