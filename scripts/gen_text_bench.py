#!/usr/bin/env python3
"""Writes the 100,000-line Intel-syntax benchmark file for the text assemblers.

The same file goes to `x86asm --hex`, GNU `as` and `llvm-mc`: a `.intel_syntax noprefix`
header, then blocks of the 16-instruction integer mix of the emit benchmarks (registers drawn
from all sixteen, r8-r15 included), a few SSE/AVX lines, a label per block and branches back to
it. Deterministic: the same file every run.

    python3 scripts/gen_text_bench.py > /tmp/bench.s            # 100,000 lines
    python3 scripts/gen_text_bench.py 20000 > /tmp/small.s      # another count
"""
import random
import sys

R64 = ["rax", "rcx", "rdx", "rbx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
R32 = {"rax": "eax", "rcx": "ecx", "rdx": "edx", "rbx": "ebx", "rsi": "esi", "rdi": "edi", "r8": "r8d",
       "r9": "r9d", "r10": "r10d", "r11": "r11d", "r12": "r12d", "r13": "r13d", "r14": "r14d", "r15": "r15d"}


def block(rng, n):
    r = lambda: rng.choice(R64)
    d, s, b, i = r(), r(), r(), rng.choice([x for x in R64 if x != "rsp"])
    top = f"top{n}"
    return [
        f"{top}:",
        f"    mov {d}, {rng.randrange(-2**31, 2**31)}",
        f"    mov {d}, {s}",
        f"    add {d}, {s}",
        f"    sub {d}, {rng.randrange(-128, 128)}",
        f"    imul {d}, {s}",
        f"    lea {d}, [{b} + {i}*8 + {rng.randrange(-128, 128)}]",
        f"    mov {d}, qword ptr [{b} + {rng.randrange(-2**31, 2**31)}]",
        f"    mov dword ptr [{b} + {i}*4 + {rng.randrange(-128, 128)}], {R32[s]}",
        f"    xor {d}, {s}",
        f"    shl {d}, {rng.randrange(1, 64)}",
        f"    cmp {d}, {rng.randrange(-2**31, 2**31)}",
        f"    jne {top}",
        f"    inc {d}",
        f"    push {s}",
        f"    pop {d}",
        f"    call {top}",
        f"    addsd xmm{rng.randrange(16)}, qword ptr [{b} + {rng.randrange(0, 4096, 8)}]",
        f"    vfmadd231ps ymm{rng.randrange(16)}, ymm{rng.randrange(16)}, ymm{rng.randrange(16)}",
        f"    vpaddd xmm{rng.randrange(16)}, xmm{rng.randrange(16)}, xmmword ptr [{b}]",
    ]


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(20261202)
    out = [".intel_syntax noprefix", ".text"]
    n = 0
    while len(out) < total:
        out.extend(block(rng, n))
        n += 1
    sys.stdout.write("\n".join(out[:total]) + "\n")


if __name__ == "__main__":
    main()
