#!/usr/bin/env python3
"""Writes small crates that assemble the same 5,000 instructions in 100 macro blocks.

`ours/` uses `x86!` (path dependencies on this workspace's asm-macro and asm-runtime),
`dynasm/` uses `dynasm!` 5. Each block is three rounds of the 16-instruction mix of the peer
benchmark plus two instructions (50 in all); the even blocks have literal operands, the odd
ones take their registers, immediates and displacements from run-time values. The registers
of the literal blocks rotate from block to block. `ours_lit/` and `dynasm_lit/` are the same
with literal operands in every block. `scripts/bench.sh` builds each crate once (dependencies
included), then times rebuilds of the crate alone after touching its source.

    python3 benches/buildtime/gen.py OUT_DIR REPO_ROOT
"""
import os
import random
import shutil
import sys

BLOCKS = 100
ROUNDS = 3
R64 = ["rax", "rcx", "rdx", "rbx", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r13", "r14", "r15"]
R32 = {"rax": "eax", "rcx": "ecx", "rdx": "edx", "rbx": "ebx", "rbp": "ebp", "rsi": "esi", "rdi": "edi",
       "r8": "r8d", "r9": "r9d", "r10": "r10d", "r11": "r11d", "r13": "r13d", "r14": "r14d", "r15": "r15d"}


def literal_round(rng, n, ours):
    """One round of the mix with literal operands; labels `topN`/`doneN`."""
    r = [rng.choice(R64) for _ in range(8)]
    b, i = rng.choice(R64), rng.choice(R64)
    q, d = ("qword ptr ", "dword ptr ") if ours else ("QWORD ", "DWORD ")
    back, fwd = ("", "") if ours else ("<", ">")
    return [
        f"top{n}:",
        f"mov {r[0]}, {-rng.randrange(0x100, 2**31)}",
        f"mov {r[1]}, {r[2]}",
        f"add {r[1]}, {r[0]}",
        f"sub {r[3]}, {rng.randrange(-128, 128)}",
        f"imul {r[4]}, {r[1]}",
        f"lea {r[5]}, [{b} + {i}*8 + {rng.randrange(1, 128)}]",
        f"mov {r[6]}, {q}[{b} + {rng.randrange(0x100, 2**31)}]",
        f"mov {d}[{b} + {i}*4 + {rng.randrange(1, 128)}], {R32[r[7]]}",
        f"xor {r[7]}, {r[5]}",
        f"shl {r[4]}, {rng.randrange(2, 64)}",
        f"cmp {r[0]}, {rng.randrange(0x100, 2**31)}",
        f"jne {back}top{n}",
        f"inc {r[3]}",
        f"push {r[2]}",
        f"pop {r[6]}",
        f"call {fwd}done{n}",
        f"done{n}:",
    ]


def hole_round(n, ours):
    """One round with run-time registers, immediates and displacements."""
    if ours:
        g = lambda k: f"r64{{r{k}}}"
        b0, b1, i0, i1, r7d = "r64{b0}", "r64{b1}", "r64{i0}", "r64{i1}", "r32{r7d}"
        imm, imm8, d8a, d8b, d32, sh, cmp = "{imm}", "{imm8}", "{d8a}", "{d8b}", "{d32}", "{sh}", "{cmp}"
        q, d, byte, dword, back, fwd = "qword ptr ", "dword ptr ", "", "", "", ""
    else:
        g = lambda k: f"Rq(r{k})"
        b0, b1, i0, i1, r7d = "Rq(b0)", "Rq(b1)", "Rq(i0)", "Rq(i1)", "Rd(r7)"
        imm, imm8, d8a, d8b, d32, sh, cmp = "DWORD imm", "BYTE imm8", "d8a", "d8b", "d32", "BYTE sh", "DWORD cmp"
        q, d, byte, dword, back, fwd = "QWORD ", "DWORD ", "BYTE ", "DWORD ", "<", ">"
    return [
        f"top{n}:",
        f"mov {g(0)}, {imm}",
        f"mov {g(1)}, {g(2)}",
        f"add {g(1)}, {g(0)}",
        f"sub {g(3)}, {imm8}",
        f"imul {g(4)}, {g(1)}",
        f"lea {g(5)}, [{byte}{b0} + {i0}*8 + {d8a}]",
        f"mov {g(6)}, {q}[{b1} + {d32}]",
        f"mov {d}[{byte}{b0} + {i1}*4 + {d8b}], {r7d}",
        f"xor {g(7)}, {g(5)}",
        f"shl {g(4)}, {sh}",
        f"cmp {g(0)}, {cmp}",
        f"jne {back}top{n}",
        f"inc {g(3)}",
        f"push {g(2)}",
        f"pop {g(6)}",
        f"call {fwd}done{n}",
        f"done{n}:",
    ]


OURS_PRELUDE = """    let [r0, r1, r2, r3, r4, r5, r6, r7] = p.r.map(|n| Gpr64::from_num(n).unwrap());
    let r7d = Gpr32::from_num(p.r[7]).unwrap();
    let [b0, b1] = p.b.map(|n| Gpr64::from_num(n).unwrap());
    let [i0, i1] = p.i.map(|n| Gpr64::from_num(n).unwrap());
"""
DYNASM_PRELUDE = """    let [r0, r1, r2, r3, r4, r5, r6, r7] = p.r;
    let ([b0, b1], [i0, i1]) = (p.b, p.i);
"""
VALUES = "    let (imm, imm8, d8a, d8b, d32, sh, cmp) = (p.imm, p.imm8, p.d8a, p.d8b, p.d32, p.sh, p.cmp);\n"
PARAMS = """/// Run-time operands of a block.
pub struct Params {
    pub r: [u8; 8],
    pub b: [u8; 2],
    pub i: [u8; 2],
    pub imm: i32,
    pub imm8: i8,
    pub d8a: i8,
    pub d8b: i8,
    pub d32: i32,
    pub sh: SHIFT,
    pub cmp: i32,
}
"""


def block(k, ours, mixed=True):
    rng = random.Random(k)
    holes = mixed and k % 2 == 1
    lines = []
    for j in range(ROUNDS):
        lines += hole_round(j, ours) if holes else literal_round(rng, j, ours)
    lines += ["mov rax, rbx", "ret"]
    if ours:
        sig = f"pub fn block{k}(a: &mut Assembler, p: &Params)"
        body = "    x86!(a;\n" + "".join(f"        {l}{'' if l.endswith(':') else ';'}\n" for l in lines) + "    );\n"
        pre = OURS_PRELUDE + VALUES if holes else "    let _ = p;\n"
    else:
        sig = f"pub fn block{k}(ops: &mut VecAssembler<X64Relocation>, p: &Params)"
        body = "    dynasm!(ops\n        ; .arch x64\n" + "".join(f"        ; {l}\n" for l in lines) + "    );\n"
        pre = DYNASM_PRELUDE + VALUES if holes else "    let _ = p;\n"
    return f"{sig} {{\n{pre}{body}}}\n"


def write_crate(path, name, deps, header, ours, mixed=True):
    os.makedirs(os.path.join(path, "src"), exist_ok=True)
    with open(os.path.join(path, "Cargo.toml"), "w") as f:
        f.write(f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
                f'[dependencies]\n{deps}\n[workspace]\n')
    shift = "u8" if ours else "i8"
    src = header + "\n" + PARAMS.replace("SHIFT", shift) + "\n" + "\n".join(block(k, ours, mixed) for k in range(BLOCKS))
    with open(os.path.join(path, "src", "lib.rs"), "w") as f:
        f.write("//! Generated by benches/buildtime/gen.py; build-time benchmark input.\n"
                "#![allow(clippy::all, unused)]\n" + src)


def main():
    out, root = sys.argv[1], os.path.abspath(sys.argv[2])
    shutil.rmtree(out, ignore_errors=True)
    ours_deps = (f'asm-macro = {{ path = "{root}/asm-macro" }}\n'
                 f'asm-runtime = {{ path = "{root}/asm-runtime" }}\n')
    ours_use = "use asm_macro::x86;\nuse asm_runtime::{Assembler, Gpr32, Gpr64};\n"
    dynasm_deps = 'dynasm = "5"\ndynasmrt = "5"\n'
    dynasm_use = ("use dynasmrt::x64::X64Relocation;\n"
                  "use dynasmrt::{dynasm, DynasmApi, DynasmLabelApi, VecAssembler};\n")
    for suffix, mixed in (("", True), ("_lit", False)):
        write_crate(os.path.join(out, "ours" + suffix), "buildtime_ours" + suffix, ours_deps, ours_use, True, mixed)
        write_crate(os.path.join(out, "dynasm" + suffix), "buildtime_dynasm" + suffix, dynasm_deps, dynasm_use,
                    False, mixed)
        # Same dependency versions as the workspace.
        for sub in ("ours", "dynasm"):
            shutil.copy(os.path.join(root, "Cargo.lock"), os.path.join(out, sub + suffix, "Cargo.lock"))

if __name__ == "__main__":
    main()
