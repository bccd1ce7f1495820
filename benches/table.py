#!/usr/bin/env python3
"""Merges the result lines of the benchmark suite into one markdown table.

Input lines (from benches/peers, benches/asmjit/driver.cpp and scripts/bench.sh):
    R<TAB>row<TAB>tool<TAB>value<TAB>unit<TAB>bytes
    H<TAB>variant<TAB>tool<TAB>hex of the first 4 blocks   (ours and AsmJit, compared)
Every value is lower-is-better; the ratio column is the best peer's value divided by ours
(above 1: we are faster or smaller).

    python3 benches/table.py results.tsv [notes.txt]
"""
import sys

VARIANTS = {
    "a": "(a) literal operands, local labels",
    "b": "(b) literal operands, 2 dynamic labels/block",
    "c": "(c) run-time operands, local labels",
    "d": "(d) run-time operands, 2 dynamic labels/block",
}
PEERS = ["dynasm", "asmjit", "iced", "as", "llvm-mc"]
HEAD = ["workload", "ours", "dynasm-rs", "AsmJit", "iced-x86", "GNU as", "llvm-mc", "best peer / ours",
        "bytes: ours / dynasm / AsmJit / iced"]


def rows():
    """(row key, the tool whose value is ours, label)."""
    out = []
    for k, name in VARIANTS.items():
        out.append((f"{k}_1M", "ours", f"{name}: 1 x 1,000,000 instructions"))
        out.append((f"{k}_400", "ours", f"{name}: 2,500 x 400, ours one Assembler + clear()"))
        out.append((f"{k}_400", "ours_new", f"{name}: 2,500 x 400, ours Assembler::new() each"))
    out += [
        ("jit10k", "ours", "10,000 live functions: create + finalize + call, per function"),
        ("rss10k", "ours", "resident memory of those 10,000 live functions"),
        ("fact", "ours", "factorial JIT cycle: assemble, finalize, call, drop"),
        ("floor_dual", "floor", "floor under the two rows above, no assembler: write 16 bytes, call them at once (dual-mapped pages, as ours)"),
        ("floor_rwx", "floor", "the same floor with read-write-execute pages (as AsmJit's)"),
        ("text", "ours", "text: 100,000-line file (x86asm --hex, as, llvm-mc -filetype=obj)"),
        ("build", "ours", "build: 5,000 instructions in 100 macro blocks (half with run-time operands), rebuild of that crate"),
        ("build_lit", "ours", "build: the same 5,000 instructions, all operands literal, rebuild of that crate"),
    ]
    return out


def fmt(v, unit, bytes_):
    if unit == "ns/instr":
        return f"{v:.2f} ns/instr"
    if unit in ("us/fn", "us/cycle"):
        return f"{v:.2f} µs"
    if unit == "KiB":
        return f"{v / 1024:.1f} MiB" if v >= 1024 else f"{v:.0f} KiB"
    if unit == "ms":
        return f"{v:.0f} ms ({bytes_ / v:.0f}k lines/s)"
    if unit == "s":
        return f"{v:.2f} s"
    return f"{v:g} {unit}"


def main():
    data, hexes = {}, {}
    for line in open(sys.argv[1]):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 4 and parts[0] == "H":
            hexes[(parts[1], parts[2])] = parts[3]
        if len(parts) == 6 and parts[0] == "R":
            _, row, tool, value, unit, bytes_ = parts
            data[(row, tool)] = (float(value), unit, int(bytes_))
    print("| " + " | ".join(HEAD) + " |")
    print("|" + "---|" * len(HEAD))
    for row, us, label in rows():
        ours = data.get((row, us))
        if ours is None and not any((row, p) in data for p in PEERS):
            continue
        cells = [label, fmt(*ours) if ours else "–"]
        for p in PEERS:
            cells.append(fmt(*data[(row, p)]) if (row, p) in data else "–")
        peers = [data[(row, p)][0] for p in PEERS if (row, p) in data]
        if ours and peers and ours[0] > 0:
            best = min(peers)
            cells.append(f"{best / ours[0]:.2f}x")
        else:
            cells.append("–")
        sizes = [data.get((row, t)) for t in (us, "dynasm", "asmjit", "iced")]
        if ours and ours[1] == "ns/instr":
            cells.append(" / ".join(f"{s[2]:,}" if s else "–" for s in sizes))
        else:
            cells.append("")
        print("| " + " | ".join(cells) + " |")
    notes = []
    for k in VARIANTS:
        ours, theirs = hexes.get((k, "ours")), hexes.get((k, "asmjit"))
        if ours and theirs:
            same = "the same bytes as" if ours == theirs else "OTHER BYTES than"
            notes.append(f"({k}): AsmJit emits {same} ours for the first 4 blocks")
    if len(sys.argv) > 2:
        notes += [n.strip() for n in open(sys.argv[2]) if n.strip()]
    if notes:
        print()
        for n in notes:
            print(f"- {n}")


if __name__ == "__main__":
    main()
