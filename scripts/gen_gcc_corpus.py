#!/usr/bin/env python3
"""Generates tests/corpus/gcc.txt: the instruction lines `gcc -S -masm=intel` writes for the C
files in scripts/gcc_src/, each with the bytes GNU as assembles it to (the oracle of
tests/corpus_gcc.rs, which needs neither gcc nor as).

For every file and every flag set (-O0, -O2, -O2 -march=haswell, -O2 -march=x86-64-v4,
-O3 -march=x86-64-v4 -mprefer-vector-width=512: AVX-512 on zmm registers), the
script keeps gcc's instruction lines (directives, labels and comments dropped), removes
duplicates, and assembles each line alone with GNU as (`.intel_syntax noprefix`, 64-bit). A line
that names symbols (`call my_strlen`, `.LC0[rip]`, `jmp .L3`) gets each symbol defined as a label
right after it, which our test does the same way, so branch and rip-relative displacements are
those to the end of the instruction.

Output (tab-separated, one line per case):
    <flags>\t<asm line>\t<symbols defined after it, space-separated>\t<hex bytes, lowercase>

Usage: python3 scripts/gen_gcc_corpus.py    (needs gcc, as and objcopy)
"""
import glob
import os
import re
import subprocess
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "tests", "corpus", "gcc.txt")
FLAGS = [["-O0"], ["-O2"], ["-O2", "-march=haswell"], ["-O2", "-march=x86-64-v4"],
         ["-O3", "-march=x86-64-v4", "-mprefer-vector-width=512"]]

REGS = set()
for r in ["ax", "bx", "cx", "dx", "si", "di", "sp", "bp"]:
    REGS |= {"r" + r, "e" + r, r}
REGS |= {"al", "bl", "cl", "dl", "ah", "bh", "ch", "dh", "sil", "dil", "spl", "bpl", "rip", "eip"}
for i in range(8, 16):
    REGS |= {f"r{i}", f"r{i}d", f"r{i}w", f"r{i}b"}
for i in range(32):
    REGS |= {f"xmm{i}", f"ymm{i}", f"zmm{i}"}
for i in range(8):
    REGS |= {f"k{i}", f"mm{i}", f"st{i}"}
REGS |= {"st", "cs", "ds", "es", "fs", "gs", "ss"}
WORDS = {"byte", "word", "dword", "qword", "tbyte", "xmmword", "ymmword", "zmmword", "ptr", "offset",
         "flat", "rep", "repz", "repe", "repnz", "repne", "lock", "data16", "addr32"}


def symbols(line):
    """Identifiers of `line` that are neither the mnemonic, a register nor a keyword."""
    body = re.sub(r"\{[^}]*\}", "", line)
    toks = re.findall(r"[A-Za-z_.$][A-Za-z0-9_.$]*", body)
    out = []
    seen_mnemonic = False
    for t in toks:
        low = t.lower()
        if low in WORDS or low in REGS:
            continue
        if not seen_mnemonic:
            seen_mnemonic = True
            continue
        if t not in out:
            out.append(t)
    return out


def gcc_lines(src, flags):
    asm = subprocess.run(["gcc", "-S", "-masm=intel", "-fno-asynchronous-unwind-tables", *flags, "-o", "-", src],
                         check=True, capture_output=True, text=True).stdout
    for raw in asm.splitlines():
        if not raw.startswith("\t"):
            continue
        line = raw.strip()
        if not line or line.startswith("."):
            continue
        yield line.replace("\t", " ")


def assemble(line):
    """GNU as's bytes for `line` followed by its symbols' definitions, or None."""
    with tempfile.TemporaryDirectory() as d:
        s, o, b = (os.path.join(d, n) for n in ("a.s", "a.o", "a.bin"))
        with open(s, "w") as f:
            f.write(".intel_syntax noprefix\n" + line + "\n")
            for sym in symbols(line):
                f.write(f"{sym}:\n")
        r = subprocess.run(["as", "--64", s, "-o", o], capture_output=True, text=True)
        if r.returncode != 0:
            return None
        subprocess.run(["objcopy", "-O", "binary", "-j", ".text", o, b], check=True)
        with open(b, "rb") as f:
            return f.read().hex(" ")


def main():
    rows, seen = [], set()
    for src in sorted(glob.glob(os.path.join(ROOT, "scripts", "gcc_src", "*.c"))):
        for flags in FLAGS:
            tag = " ".join(flags)
            for line in gcc_lines(src, flags):
                if line in seen:
                    continue
                seen.add(line)
                hexb = assemble(line)
                if hexb is None:
                    raise SystemExit(f"GNU as rejects gcc's line: {line}")
                rows.append(f"{tag}\t{line}\t{' '.join(symbols(line))}\t{hexb}")
    with open(OUT, "w") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows)} lines -> {OUT}")


if __name__ == "__main__":
    main()
