#!/usr/bin/env python3
"""Generates tests/corpus/llvm.txt, tests/corpus/llvm_vector.txt and tests/corpus/llvm_quirks.txt:
single instructions with llvm-mc's verdict (bytes or error), the oracle for tests/corpus.rs.

Lines are derived from the instruction table, read from its dump
(`cargo run -q -p asm-runtime --example dump_table`, one line per operand kind and per row). For
every row, instances with varied registers (every size, extended registers, spl/sil/ah...),
memory operands in every addressing shape (with `ptr`, sometimes without a size keyword),
immediates at and just beyond the edges of the row's field, condition-code aliases, plus many
invalid lines (size mismatches, ambiguous sizes, bad scales, rsp as index, high-byte registers
with REX, unknown mnemonics, out-of-range immediates...). Branches to labels are left to the
branch corpus; only register and memory targets appear here.

Each line is assembled alone by
    llvm-mc -x86-asm-syntax=intel -output-asm-variant=1 -show-encoding
(many lines per invocation, each preceded by a marker label so the output maps back to lines).

llvm-mc 14 has known quirks: it truncates some values that do not fit (`mov al, -129` is
`b0 7f`, `[rax + 0x100000000]` gets displacement 0), and it accepts a few things the SDM
forbids (`lock` on a register destination) or rejects things GNU as accepts (a size keyword
without `ptr`). Every line whose immediates and displacements the script generated is
range-checked against the SDM field widths; where llvm-mc's verdict differs from the expected
one, the line goes to llvm_quirks.txt instead of llvm.txt, with GNU as's verdict
(`as --64 -msyntax=intel -mnaked-reg`) as a second opinion in the reason column.

llvm.txt covers the legacy-encoded general-purpose and SSE rows, which the text assembler reads.
llvm_vector.txt covers the other rows (VEX, EVEX with masks, zeroing, broadcasts and rounding,
x87, system registers) in the same format, for the new front end; it also holds invalid
decorated lines (a mask on a VEX-only form, `{z}` without a mask, a wrong `{1toN}`, rounding with
memory, `k0` as a mask, xmm16-31 where only VEX exists).

Output formats (one case per line, tab-separated):
    llvm.txt, llvm_vector.txt:  <asm>\t<hex bytes, lowercase, space-separated>   or   <asm>\terror
    llvm_quirks.txt:  <asm>\t<llvm encoding or error>\t<our expected verdict: error or bytes>\t<reason>

Usage: python3 scripts/gen_corpus.py [--seed N]
Needs llvm-mc (14), GNU as and objcopy (binutils).
"""
import argparse
import os
import random
import re
import subprocess
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "tests", "corpus", "llvm.txt")
VECTOR_OUT = os.path.join(ROOT, "tests", "corpus", "llvm_vector.txt")
QUIRKS = os.path.join(ROOT, "tests", "corpus", "llvm_quirks.txt")

# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------

# The dump's slot names -> the table notation's (the generator below speaks the latter).
SLOT = {"rm": "Rm", "reg": "Reg", "op": "Op", "vvvv": "Vvvv", "is4": "Is4", "ib": "Ib", "iw": "Iw",
        "id": "Id", "iq": "Iq", "cb": "Cb", "cd": "Cd", "-": "Implicit", "reg+rm": "RegRm", "moffs": "Moffs"}


# Rows for spellings GNU as accepts and llvm-mc 14 refuses (`movsx r64, r/m32` is how GNU as and
# objdump write `movsxd`): the gcc corpus (GNU as) and the iced-x86 differential test check them.
GNU_ONLY = {"movsx_r64_rm32"}


def read_dump():
    """(kinds, rows) from the table dump: kinds by name, rows in table order."""
    p = subprocess.run(["cargo", "run", "-q", "-p", "asm-runtime", "--example", "dump_table"],
                       cwd=ROOT, capture_output=True, text=True, check=True)
    kinds, rows = {}, []
    for line in p.stdout.splitlines():
        f = line.split("\t")
        if f[0] == "kind":
            kinds[f[1]] = {"manual": f[2], "reg": f[3], "fixed": f[4], "exclude": f[5], "mem": f[6],
                           "bcst": f[7], "imm": f[8], "rel": int(f[9])}
        elif f[0] == "row":
            if f[1] in GNU_ONLY:
                continue
            ops = [] if f[3] == "-" else [o.split("@") for o in f[3].split(",")]
            rows.append({"id": f[1], "mn": f[2], "kinds": [k for k, _ in ops],
                         "slots": [SLOT[s] for _, s in ops], "scheme": f[4], "fields": f[5],
                         "flags": [] if f[8] == "-" else f[8].split(), "feature": f[9]})
    if len(rows) < 800:
        raise SystemExit(f"only {len(rows)} rows in the table dump; has the format changed?")
    return kinds, rows


def read_table():
    """The rows the legacy generator below knows (general-purpose and SSE)."""
    kinds, rows = read_dump()
    known = set(REG_KIND) | set(MEM_KIND) | XMM_KIND | set(FIXED) | IMM_KIND | {"One", "Three", "Rel8", "Rel32"}
    return [r for r in rows if r["scheme"] == "legacy" and r["feature"] != "x87"
            and all(k in known for k in r["kinds"])]


# --------------------------------------------------------------------------------------------
# Operands
# --------------------------------------------------------------------------------------------

GPR = {
    64: ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"] + [f"r{i}" for i in range(8, 16)],
    32: ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] + [f"r{i}d" for i in range(8, 16)],
    16: ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] + [f"r{i}w" for i in range(8, 16)],
    8: ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"] + [f"r{i}b" for i in range(8, 16)],
}
HIGH8 = ["ah", "ch", "dh", "bh"]
XMM = [f"xmm{i}" for i in range(16)]
SIZE_KW = {8: "byte", 16: "word", 32: "dword", 64: "qword", 128: "xmmword"}

REG_KIND = {"R8": 8, "R16": 16, "R32": 32, "R64": 64, "Rm8": 8, "Rm16": 16, "Rm32": 32, "Rm64": 64}
MEM_KIND = {"Rm8": 8, "Rm16": 16, "Rm32": 32, "Rm64": 64, "M8": 8, "M16": 16, "M32": 32, "M64": 64,
            "M128": 128, "M": None, "XmmM32": 32, "XmmM64": 64, "XmmM128": 128}
XMM_KIND = {"Xmm", "XmmM32", "XmmM64", "XmmM128"}
FIXED = {"Al": "al", "Ax": "ax", "Eax": "eax", "Rax": "rax", "Cl": "cl", "Dx": "dx"}
IMM_KIND = {"Imm8", "Imm16", "Imm32", "Imm32s", "Imm64", "Imm8s16", "Imm8s32", "Imm8s64"}

I32 = (-(1 << 31), (1 << 31) - 1)


def num(v, rng):
    """An integer literal, decimal or hex."""
    if rng.random() < 0.5:
        return str(v)
    return f"-{hex(-v)}" if v < 0 else hex(v)


def reg_of(bits, rng, high=0.1):
    if bits == 8 and rng.random() < high:
        return rng.choice(HIGH8)
    return rng.choice(GPR[bits])


class Mem:
    """A memory operand: text plus the displacement values the script put in it."""

    def __init__(self, text, disps=(), addr32=False):
        self.text, self.disps, self.addr32 = text, list(disps), addr32


def disp_text(d, rng):
    if d == 0 and rng.random() < 0.5:
        return ""
    return f" - {num(-d, rng)}" if d < 0 else f" + {num(d, rng)}"


DISPS = [0, 1, 8, 0x7f, 0x80, -0x80, -0x81, -8, 0x1234, 0x12345678, I32[1], I32[0], -0x1000]
# Displacements outside a signed 32-bit field: llvm-mc truncates some of them.
BAD_DISPS = [1 << 31, 0xffffffff, 1 << 32, -(1 << 31) - 1]


def mem_operand(rng, bad_disp=False, shapes=12):
    """A random addressing shape (every shape the ModRM/SIB encoding has)."""
    shape = rng.randrange(shapes)
    d = rng.choice(BAD_DISPS) if bad_disp else rng.choice(DISPS)
    b64, b32 = GPR[64], GPR[32]
    idx64 = [r for r in b64 if r != "rsp"]
    idx32 = [r for r in b32 if r != "esp"]
    s = rng.choice([1, 2, 4, 8])
    if shape == 0:  # absolute
        v = abs(d) if not bad_disp else d
        return Mem(f"[{num(v, rng)}]", [v])
    if shape == 1:  # base only, every base
        return Mem(f"[{rng.choice(b64)}{disp_text(d, rng)}]", [d])
    if shape == 2:  # bases that need a SIB or a disp8 of zero
        return Mem(f"[{rng.choice(['rsp', 'r12', 'rbp', 'r13'])}{disp_text(d, rng)}]", [d])
    if shape in (3, 4):  # base + index*scale
        return Mem(f"[{rng.choice(b64)} + {rng.choice(idx64)}*{s}{disp_text(d, rng)}]", [d])
    if shape == 5:  # index first, or scale first
        i = rng.choice(idx64)
        ix = f"{i}*{s}" if rng.random() < 0.5 else f"{s}*{i}"
        return Mem(f"[{ix} + {rng.choice(b64)}{disp_text(d, rng)}]", [d])
    if shape == 6:  # index without base
        return Mem(f"[{rng.choice(idx64)}*{s}{disp_text(d, rng)}]", [d])
    if shape == 7:  # rip-relative
        return Mem(f"[rip{disp_text(d, rng)}]", [d])
    if shape == 8:  # 32-bit address registers
        if rng.random() < 0.5:
            return Mem(f"[{rng.choice(b32)} + {rng.choice(idx32)}*{s}{disp_text(d, rng)}]", [d], True)
        return Mem(f"[{rng.choice(b32)}{disp_text(d, rng)}]", [d], True)
    if shape == 9:  # segment override
        inner = mem_operand(rng, bad_disp, shapes=9)
        seg = rng.choice(["fs", "gs", "fs", "gs", "es", "cs", "ss", "ds"])
        return Mem(f"{seg}:{inner.text}", inner.disps, inner.addr32)
    if shape == 10:  # base + index with extended registers, rbp/r13 bases
        b = rng.choice(["rbp", "r13", "r12", "rsp", "r8", "r15"])
        return Mem(f"[{b} + {rng.choice(['r8', 'r12', 'r13', 'r15', 'rbp'])}*{s}{disp_text(d, rng)}]", [d])
    return Mem(f"[{rng.choice(b64)}]")  # plain


def sized(mem, bits, rng, omit_ok):
    """The memory operand with its size keyword (sometimes without it, when that is legal)."""
    if bits is None:
        return mem.text, None
    if omit_ok and rng.random() < 0.25:
        return mem.text, None
    kw = SIZE_KW[bits]
    if rng.random() < 0.015:
        # `dword [rax]`: our assembler accepts a size keyword without `ptr`; llvm-mc does not.
        return f"{kw} {mem.text}", f"{kw} ptr {mem.text}"
    return f"{kw} ptr {mem.text}", None


# --------------------------------------------------------------------------------------------
# Immediate ranges (Intel SDM field widths)
# --------------------------------------------------------------------------------------------

U = {8: (1 << 8) - 1, 16: (1 << 16) - 1, 32: (1 << 32) - 1, 64: (1 << 64) - 1}


def fits(v, policy):
    """Whether an immediate is representable: `u<w>` = any w-bit pattern (signed or unsigned
    spelling), `s32to64` = a 64-bit pattern that sign-extends from 32 bits."""
    if policy == "s32to64":
        if not -(1 << 63) <= v <= U[64]:
            return False
        v &= U[64]
        return v <= I32[1] or v >= (1 << 64) - (1 << 31)
    w = int(policy[1:])
    return -(1 << (w - 1)) <= v <= U[w]


def width_of(kinds):
    """Operation width of a row: its widest register or memory operand."""
    w = 0
    for k in kinds:
        w = max(w, REG_KIND.get(k, 0), {"Al": 8, "Ax": 16, "Eax": 32, "Rax": 64}.get(k, 0))
        if k in MEM_KIND and MEM_KIND[k] and k not in XMM_KIND:
            w = max(w, MEM_KIND[k])
    return w


def imm_policy(row, dest_is_reg):
    """What a source immediate of this row's instruction may be, over all rows of the mnemonic."""
    kinds, mn = row["kinds"], row["mn"]
    k = next(k for k in kinds if k in IMM_KIND)
    if k in ("Imm8",) and width_of(kinds) != 8:
        return "u8"  # shift counts, bit offsets, int vector
    if k == "Imm16" and not any(x in REG_KIND or x in MEM_KIND or x in FIXED for x in kinds):
        return "u16"  # ret imm16
    w = width_of(kinds) or 64  # push imm
    if w == 64:
        return "u64" if (mn in ("mov", "movabs") and dest_is_reg) else "s32to64"
    return f"u{w}"


EDGE = {
    "Imm8": [-129, -128, -1, 0, 1, 127, 128, 255, 256],
    "Imm16": [-32769, -32768, -129, -128, 127, 128, 255, 256, 32767, 32768, 65535, 65536],
    "Imm32": [-(1 << 31) - 1, -(1 << 31), -129, -128, 127, 128, (1 << 31) - 1, 1 << 31, U[32], 1 << 32],
    "Imm32s": [-(1 << 31) - 1, -(1 << 31), -1, (1 << 31) - 1, 1 << 31, U[32], 0xffffffff80000000,
               0xffffffff7fffffff, U[64], 1 << 64],
    "Imm64": [1 << 32, 0x123456789abcdef0, (1 << 63) - 1, 1 << 63, U[64], 1 << 64, -(1 << 63),
              -(1 << 63) - 1],
    "Imm8s16": [-129, -128, 127, 128, 0xff80, 0xff7f, U[16]],
    "Imm8s32": [-129, -128, 127, 128, 0xffffff80, 0xffffff7f, U[32]],
    "Imm8s64": [-129, -128, 127, 128, 0xffffffffffffff80, U[64]],
}


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------

class Case:
    def __init__(self, text, imm=None, policy=None, disps=(), want=None, companion=None):
        self.text = text
        self.imm, self.policy = imm, policy  # the generated immediate and its allowed range
        self.disps = list(disps)
        self.want = want  # None (llvm decides) or (verdict, reason) from the SDM / our policy
        self.companion = companion  # the `ptr` spelling of a line written without `ptr`
        self.addr32 = False  # the displacement belongs to a 32-bit address ([eax + ...])
        self.llvm = None  # "error" or hex
        self.llvm_msg = ""


def instance(row, rng, imm=None, mem_at=None, bad_disp=False):
    """One line for `row`: operands drawn from the row's kinds."""
    kinds = row["kinds"]
    # A register operand that gives the instruction its size (then `[mem]` may omit the keyword).
    has_reg = any(k in ("R8", "R16", "R32", "R64", "Xmm") or k in FIXED for k in kinds)
    ops, disps, companion_ops, imm_val, dest_is_reg, addr32 = [], [], None, None, True, False
    mem_only = [i for i, k in enumerate(kinds) if k in MEM_KIND and k not in REG_KIND and k not in XMM_KIND]
    mem_pos = mem_at
    if mem_only:
        mem_pos = mem_only[0]
    elif mem_pos is None:
        cands = [i for i, k in enumerate(kinds) if k in MEM_KIND]
        if cands and rng.random() < 0.6:
            mem_pos = cands[0]
    for i, k in enumerate(kinds):
        if i == mem_pos:
            m = mem_operand(rng, bad_disp)
            # Without a size keyword only when a register operand gives the size.
            omit_ok = has_reg and row["slots"][i] != "RegRm"
            text, comp = sized(m, MEM_KIND[k], rng, omit_ok)
            ops.append(text)
            disps += m.disps
            addr32 = m.addr32
            if comp:
                companion_ops = (i, comp)
            if i == 0:
                dest_is_reg = False
        elif k in REG_KIND:
            ops.append(reg_of(REG_KIND[k], rng))
        elif k in XMM_KIND:
            ops.append(rng.choice(XMM))
        elif k in FIXED:
            ops.append(FIXED[k])
        elif k == "One":
            ops.append("1")
        elif k == "Three":
            ops.append("3")
        elif k in IMM_KIND:
            if imm is None:
                v = rng.choice([0, 1, 5, 0x7f, -1, -0x80, 0x40, 0x12])
                if k not in ("Imm8", "Imm8s16", "Imm8s32", "Imm8s64") and rng.random() < 0.5:
                    v = rng.choice({"Imm16": [0x1234, 0x7fff, 300, -300],
                                    "Imm32": [0x12345678, -0x12345678, 0x7fffffff, 1000],
                                    "Imm32s": [0x12345678, -0x12345678, 0x7fffffff, 1000],
                                    "Imm64": [0x123456789abcdef, -0x123456789, 1 << 40]}[k])
            else:
                v = imm
            imm_val = v
            ops.append(num(v, rng))
        elif k in ("Rel8", "Rel32"):
            return None  # branches to labels are in the branch corpus
        else:
            raise SystemExit(f"unknown kind {k} in {row['id']}")
    mn = row["mn"]
    text = mn + (" " + ", ".join(ops) if ops else "")
    policy = imm_policy(row, dest_is_reg) if imm_val is not None else None
    case = Case(text, imm_val, policy, disps)
    case.addr32 = addr32
    if companion_ops:
        i, comp = companion_ops
        ops2 = list(ops)
        ops2[i] = comp
        case.companion = mn + " " + ", ".join(ops2)
    return case


CC = {"o": [], "no": [], "b": ["c", "nae"], "ae": ["nb", "nc"], "e": ["z"], "ne": ["nz"], "be": ["na"],
      "a": ["nbe"], "s": [], "ns": [], "p": ["pe"], "np": ["po"], "l": ["nge"], "ge": ["nl"], "le": ["ng"],
      "g": ["nle"]}


def alias_lines(rng):
    """setcc/cmovcc under every condition-code synonym."""
    out = []
    for canon, syns in CC.items():
        for syn in syns + [canon]:
            for _ in range(2):
                r8 = reg_of(8, rng)
                out.append(Case(f"set{syn} {r8}"))
                m = mem_operand(rng)
                out.append(Case(f"set{syn} byte ptr {m.text}", disps=m.disps))
                w = rng.choice([16, 32, 64])
                out.append(Case(f"cmov{syn} {reg_of(w, rng)}, {reg_of(w, rng)}"))
                m = mem_operand(rng)
                out.append(Case(f"cmov{syn} {reg_of(w, rng)}, {SIZE_KW[w]} ptr {m.text}", disps=m.disps))
    return out


def special_lines():
    """Hand-picked lines: spelling variants, prefixes, syntax variants, invalid instructions.

    `want` records the verdict the SDM (or our documented policy) gives where llvm-mc might
    disagree; such lines become quirks when it does."""
    E = lambda reason: ("error", reason)  # noqa: E731
    out = [
        # Spelling variants and aliases.
        Case("movabs rax, 1"), Case("movabs rax, 0x123456789abcdef0"), Case("movabs r15, -1"),
        Case("mov rax, 0x80000000"), Case("mov rax, 0xffffffff"), Case("mov rax, -0x80000000"),
        Case("mov rax, 0x7fffffff"), Case("mov rax, -0x80000001"), Case("mov eax, 0xffffffff"),
        Case("sal eax, 1"), Case("sal rax, cl"), Case("sal byte ptr [rax], 3"), Case("retn"),
        Case("retq", want=("c3", "AT&T spelling of ret; our assembler accepts it like GNU as")),
        Case("pushf"), Case("popf"), Case("pushfq"), Case("popfq"),
        Case("cltq", want=("48 98", "AT&T spelling of cdqe; our assembler accepts it like GNU as")),
        Case("cqto", want=("48 99", "AT&T spelling of cqo; our assembler accepts it like GNU as")),
        Case("cltd", want=("99", "AT&T spelling of cdq; our assembler accepts it like GNU as")),
        Case("int 3"),
        Case("int3"), Case("int 0x80"), Case("int 255"), Case("int -1"), Case("int 256"), Case("int -129"),
        Case("ret 0"), Case("ret 8"), Case("ret 65535"), Case("ret -1"), Case("ret 65536"), Case("ret -32769"),
        Case("xchg eax, eax"),
        Case("xchg rax, rax"),
        Case("xchg ax, ax"), Case("xchg al, al"),
        Case("xchg ecx, eax"), Case("xchg rax, r8"), Case("xchg r8d, eax"), Case("xchg ax, r15w"),
        Case("xchg qword ptr [rax], rcx"), Case("xchg rcx, qword ptr [rax]"), Case("test qword ptr [rax], rcx"),
        Case("test rcx, qword ptr [rax]"), Case("test [rax], eax"), Case("test al, [rbx]"),
        Case("nop"), Case("nop eax"), Case("nop dword ptr [rax]"), Case("nop word ptr [rax + rax*1]"),
        Case("nop qword ptr [rax + rax*1 + 0x100]"), Case("pause"),
        Case("imul rax, 5"), Case("imul eax, -129"), Case("imul r9w, 0x7fff"), Case("imul rcx, rdx, 0x80000000"),
        Case("shl eax"), Case("shr rax"), Case("sar byte ptr [rax]"), Case("rol word ptr [rbx]"),
        Case("shl eax, 1"), Case("shl eax, 0"), Case("shl eax, 255"), Case("shl eax, -1"), Case("shl eax, 256"),
        Case("bt eax, 255"), Case("bt eax, -1"), Case("bt eax, 256"), Case("bts qword ptr [rax], 63"),
        Case("push 0"), Case("push -128"), Case("push 127"), Case("push 128"), Case("push -129"),
        Case("push 0x7fffffff"), Case("push -0x80000000"), Case("push 0x80000000"),
        Case("push 0xffffffffffffffff"), Case("push [rax]"),
        Case("pop [rax]", want=("8f 00", "llvm-mc rejects an unsized `pop [mem]` but takes `push [mem]`; in "
                                         "64-bit mode the operand is a qword, as GNU as assembles it")), Case("push word ptr [rax]"),
        Case("pop word ptr [rbx]"), Case("push ax"), Case("pop r12w"), Case("call [rax]"), Case("jmp [rax]"),
        Case("call rax"), Case("call r11"), Case("jmp r15"), Case("jmp qword ptr [rip + 0x10]"),
        Case("call qword ptr [rsp + 8]"), Case("call qword ptr fs:[0x10]"),
        Case("mov rax, qword ptr fs:[0x28]"), Case("mov eax, dword ptr gs:[0]"), Case("mov rax, fs:[rax]"),
        Case("mov eax, [rsp + rax]"), Case("mov eax, [rax + rsp]"), Case("lea rax, [rax + rsp*1]"),
        Case("mov eax, [rsp + rsp]"), Case("mov eax, [rsp*1]"), Case("mov eax, [rcx*1]"),
        Case("mov eax, [rcx*8 + rax]"), Case("mov eax, [8*rcx + rax + 16]"), Case("mov eax, [rax + 16 + rcx*8]"),
        Case("mov eax,[rax+rcx*8-16]"), Case("MOV RAX, QWORD PTR [RBX + RCX*8 + 0x10]"), Case("Add Eax, Ebx"),
        Case("mov al, 0b101"), Case("mov ax, 0b1111111111111111"), Case("mov al, 0xff"),
        Case("lea eax, [eax]"), Case("lea rax, [ebx + ecx*4 + 8]"), Case("lea ax, [rax]"),
        Case("mov eax, [eip + 8]"), Case("lea rax, [eip + 0x10]"), Case("mov rax, qword ptr fs:[eip - 8]"),
        # Prefixes.
        Case("lock add qword ptr [rdi], 1"), Case("lock inc dword ptr [rax]"), Case("lock xadd [rax], ecx"),
        Case("lock cmpxchg qword ptr [rdi], rsi"), Case("lock xchg [rax], rcx"), Case("lock btc dword ptr [rax], 3"),
        Case("lock neg byte ptr [rbx]"), Case("lock not word ptr [rbx]"), Case("lock or [rax], al"),
        Case("rep movsb"), Case("rep stosq"), Case("rep stosb"), Case("repe cmpsb"), Case("repne scasb"),
        Case("repz cmpsq"), Case("repnz scasq"), Case("rep lodsb"), Case("rep movsq"), Case("rep movsw"),
        Case("rep movsd"), Case("rep stosw"), Case("rep stosd"),
        Case("lock add rax, rbx", want=E("lock needs a memory destination (SDM LOCK: #UD otherwise)")),
        Case("lock mov qword ptr [rax], rbx", want=E("mov is not lockable (SDM LOCK: #UD)")),
        Case("lock cmp dword ptr [rax], 1", want=E("cmp is not lockable (SDM LOCK: #UD)")),
        Case("lock inc eax", want=E("lock needs a memory destination (SDM LOCK: #UD otherwise)")),
        Case("lock nop", want=E("nop is not lockable (SDM LOCK: #UD)")),
        Case("rep add rax, rbx", want=E("rep only applies to string instructions")),
        Case("rep nop", want=E("rep only applies to string instructions (f3 90 is pause)")),
        Case("repne mov eax, ebx", want=E("repne only applies to string instructions")),
        # Invalid: size mismatches.
        Case("mov rax, ebx"), Case("mov eax, bx"), Case("add eax, bl"), Case("add rax, xmm0"),
        Case("movzx eax, eax"), Case("movzx rax, eax"), Case("movsx rax, rax"), Case("movsx eax, ebx"),
        Case("movsxd eax, ebx"), Case("movsxd rax, rbx"), Case("lea al, [rax]"), Case("lea rax, rbx"),
        Case("cmove al, bl"), Case("sete eax"), Case("sete word ptr [rax]"), Case("bswap ax"),
        Case("imul al, bl"), Case("imul al, bl, 3"), Case("xchg rax, ebx"), Case("test rax, ebx"),
        Case("mov qword ptr [rax], ebx"), Case("mov dword ptr [rax], rbx"), Case("add byte ptr [rax], eax"),
        Case("movaps xmm0, eax"), Case("addsd xmm0, rax"), Case("cvtsi2sd xmm0, xmm1"),
        Case("cvtsi2sd xmm0, ax"), Case("movd xmm0, ax"), Case("movq xmm0, eax"), Case("movss xmm0, qword ptr [rax]"),
        Case("movsd xmm0, dword ptr [rax]"), Case("addps xmm0, qword ptr [rax]"), Case("ucomisd xmm0, eax"),
        Case("cvttsd2si ax, xmm0"), Case("push eax"), Case("pop ecx"), Case("push al"), Case("push dword ptr [rax]"),
        Case("pop dword ptr [rax]"), Case("call eax"), Case("jmp ax"),
        Case("call dword ptr [rax]", want=E("llvm-mc makes this a far call (ff /3, m16:32); our table has no "
                                            "far forms")),
        Case("shl eax, bl"), Case("shl eax, cx"), Case("shl eax, 2, 3"), Case("rol rax, rcx"),
        Case("bsf al, bl"), Case("popcnt al, bl"), Case("lzcnt al, bl"), Case("tzcnt r8b, al"), Case("neg 5"), Case("inc 5"), Case("mov 5, rax"), Case("mov [rax], [rbx]"),
        Case("add [rax], [rbx]"), Case("xchg [rax], [rbx]"), Case("mov rax"), Case("add rax"),
        Case("add rax, rbx, rcx"), Case("ret rax"), Case("nop rax, rbx"), Case("cpuid eax"), Case("syscall 1"),
        Case("cqo rax"), Case("movsb al"), Case("xchg rax"), Case("bswap eax, ebx"), Case("mov xmm0, xmm1"),
        Case("mov rax, xmm0"), Case("movdqa qword ptr [rax], xmm0"), Case("movaps xmm0, xmm1, xmm2"),
        # Invalid: ambiguous memory size.
        Case("add [rax], 1"), Case("mov [rax], 1"), Case("inc [rax]"), Case("neg [rbx]"), Case("shl [rax], 1"),
        Case("shl [rax], cl"), Case("not [rax]"), Case("test [rax], 1"), Case("cmp [rax], 0"), Case("nop [rax]"),
        Case("bt [rax], 3"), Case("movzx eax, [rax]"), Case("movsx rax, [rax]"), Case("cvtsi2sd xmm0, [rax]"),
        Case("div [rax]"), Case("setz [rax]"), Case("mov fs:[rax], 5"),
        # Invalid: addressing.
        Case("mov eax, [rax + rcx*3]"), Case("mov eax, [rax + rcx*16]"), Case("mov eax, [rax + rcx*0]"),
        Case("mov eax, [rax*2 + rcx*2]"), Case("mov eax, [rax + rsp*2]"), Case("mov eax, [rsp*2]"),
        Case("mov eax, [rax + esp*2]"), Case("mov eax, [eax + esp]"), Case("mov eax, [rax + ecx]"),
        Case("mov eax, [eax + rcx]"), Case("mov eax, [bx + si]"), Case("mov eax, [ax]"), Case("mov eax, [al]"),
        Case("mov eax, [rip + rax]"), Case("mov eax, [rax + rip]"),
        Case("mov eax, [rax + rbx + rcx]", want=E("three address registers; llvm-mc silently drops one")),
        Case("mov eax, [xmm0]", want=E("xmm registers cannot address memory; llvm-mc 14 silently uses the "
                                       "general register of the same number")),
        Case("mov eax, [rax + xmm1*2]", want=E("xmm registers cannot address memory; llvm-mc 14 silently uses "
                                               "the general register of the same number")), Case("lea rax, [rip + rcx*2]"),
        Case("mov eax, [rax - rcx]"), Case("mov eax, [rax * rcx]"), Case("mov eax, xs:[rax]"),
        Case("mov eax, [rax + 0x100000000]", disps=[1 << 32]),
        Case("mov eax, [rax - 0x80000001]", disps=[-(1 << 31) - 1]),
        Case("mov eax, [0x100000000]", disps=[1 << 32]),
        # Invalid: high-byte registers with REX.
        Case("mov ah, sil"), Case("mov ah, r8b"), Case("mov sil, ah"), Case("add ah, byte ptr [r8]"),
        Case("add bh, byte ptr [rax + r9*1]"), Case("movzx r8d, ah"), Case("movzx rax, ah"),
        Case("movzx eax, ah"), Case("movsx r10w, ch"), Case("movsx si, dh"), Case("xchg ah, dil"),
        Case("test ch, r15b"), Case("mov byte ptr [r12], ah"), Case("mov ah, 1"), Case("inc bh"),
        Case("mov ch, spl"), Case("mov ch, dl"), Case("cmpxchg byte ptr [rax], ah"),
        Case("cmpxchg byte ptr [r8], ah"), Case("sete ah"), Case("setne dh"),
        # Invalid: unknown mnemonics and registers.
        Case("foo eax"), Case("movq2 rax, rbx"), Case("addx rax, rbx"), Case("jmpz rax"), Case("mvo rax, rbx"),
        Case("pushad"), Case("into"), Case("aaa"), Case("mov rax, r16"), Case("mov rax, rzz"),
        Case("add eax, ebx ebx"), Case("mov , eax"),
        Case("mov eax,", want=E("missing operand; llvm-mc assembles `mov eax, 0`")),
        Case("mov rax, qword ptr [rax", want=E("unclosed bracket; llvm-mc assembles an absolute [0]")),
        Case("mov rax, qword ptr rax]"), Case("mov rax, qword ptr []"),
        Case("mov eax, dword ptr ptr [rax]"), Case("mov eax, dword ptr [rax] + 4"),
        Case("mov xmm16, xmm0"), Case("addps xmm0, xmm16"),
        # Invalid: immediates out of range.
        Case("add al, 256"), Case("add al, -129"), Case("add ax, 65536"), Case("add ax, -32769"),
        Case("add eax, 0x100000000"), Case("add eax, -0x80000001"), Case("add rax, 0x80000000"),
        Case("add rax, 0xffffffff"), Case("add rax, 0x10000000000000000"), Case("mov al, 256"),
        Case("mov al, -129"), Case("mov ax, 0x10000"), Case("mov eax, 0x100000000"), Case("mov eax, -0x80000001"),
        Case("mov qword ptr [rax], 0x80000000"), Case("mov rax, 0x10000000000000000"),
        Case("mov rax, -0x8000000000000001"), Case("test rax, 0x80000000"), Case("and rax, 0xffffffff"),
        Case("cmp rax, 0x80000000"), Case("imul rax, rax, 0xffffffff"), Case("push 0x100000000"),
        Case("mov byte ptr [rax], 0x100"), Case("mov word ptr [rax], -32769"), Case("test al, 256"),
    ]
    # Immediates given literal ranges above: attach values and policies for the range check.
    lit = re.compile(r"^(?P<mn>[a-z]+) (?P<dst>[^,]+), (?P<v>-?(0x[0-9a-f]+|\d+))$")
    for c in out:
        m = lit.match(c.text)
        if not m or c.policy:
            continue
        v = int(m.group("v"), 0)
        dst = m.group("dst").strip()
        w = None
        for bits, names in GPR.items():
            if dst in names:
                w = bits
        for bits, kw in SIZE_KW.items():
            if dst.startswith(kw + " "):
                w = bits
        if w is None or m.group("mn") in ("shl", "shr", "sar", "rol", "ror", "rcl", "rcr", "bt", "bts", "btr",
                                          "btc", "int", "ret"):
            continue
        c.imm = v
        c.policy = "u64" if (w == 64 and m.group("mn") in ("mov", "movabs") and dst in GPR[64]) else \
            ("s32to64" if w == 64 else f"u{w}")
    for c in out:
        m = re.match(r"^(shl|shr|sar|rol|ror|rcl|rcr|bt|bts|btr|btc|int|ret) .*?(-?\d+)$", c.text)
        if m and not c.policy:
            c.imm, c.policy = int(m.group(2)), ("u16" if m.group(1) == "ret" else "u8")
        if re.match(r"^push -?(0x[0-9a-f]+|\d+)$", c.text):
            c.imm, c.policy = int(c.text.split()[1], 0), "s32to64"
        if c.text.startswith("imul") and c.text.count(",") == 2:
            c.imm, c.policy = int(c.text.split(",")[-1], 0), "s32to64"
    return out


def uppercase(text):
    # llvm-mc 14 only knows a lock/rep prefix, and a mnemonic after one, in lowercase (GNU as
    # takes any case, as do we).
    text = re.sub(r"0X", "0x", text.upper())
    return re.sub(r"^(LOCK|REPNE|REPE|REPZ|REPNZ|REP) (\S+)", lambda m: m.group(0).lower(), text)


def generate(rows, rng):
    cases = []
    for row in rows:
        kinds = row["kinds"]
        if any(k in ("Rel8", "Rel32") for k in kinds):
            continue
        n = 4 + 2 * len(kinds) + (4 if any(k in MEM_KIND for k in kinds) else 0)
        for _ in range(n):
            c = instance(row, rng)
            if c:
                cases.append(c)
        imm_k = next((k for k in kinds if k in IMM_KIND), None)
        # Edge values go into every immediate; rows with immediates of two widths (`enter
        # imm16, imm8`) get only the random ones.
        if imm_k and len({k for k in kinds if k in IMM_KIND}) == 1:
            for v in EDGE[imm_k]:
                c = instance(row, rng, imm=v, mem_at=-1)
                if c:
                    cases.append(c)
            for v in rng.sample(EDGE[imm_k], 3):
                m_at = next((i for i, k in enumerate(kinds) if k in MEM_KIND), None)
                if m_at is not None:
                    c = instance(row, rng, imm=v, mem_at=m_at)
                    if c:
                        cases.append(c)
        if any(k in MEM_KIND for k in kinds) and rng.random() < 0.25:
            m_at = next(i for i, k in enumerate(kinds) if k in MEM_KIND)
            c = instance(row, rng, mem_at=m_at, bad_disp=True)
            if c:
                cases.append(c)
    cases += alias_lines(rng)
    cases += special_lines()
    for c in cases:
        if rng.random() < 0.02 and not c.companion and c.want is None:
            c.text = uppercase(c.text)
    # Deduplicate, keeping the first position and preferring a case that carries a verdict.
    first = {}
    for c in cases:
        if c.text not in first or (c.want and not first[c.text].want):
            first.setdefault(c.text, c)
            if c.want:
                first[c.text] = c
    seen, out = set(), []
    for c in cases:
        if c.text not in seen:
            seen.add(c.text)
            out.append(first[c.text])
    return out



# --------------------------------------------------------------------------------------------
# Vector, x87 and system rows (llvm_vector.txt)
# --------------------------------------------------------------------------------------------

CLASS_REGS = {
    "Xmm": [f"xmm{i}" for i in range(32)], "Ymm": [f"ymm{i}" for i in range(32)],
    "Zmm": [f"zmm{i}" for i in range(32)], "K": [f"k{i}" for i in range(8)],
    "St": [f"st({i})" for i in range(8)], "Mm": [f"mm{i}" for i in range(8)], "Seg": ["es", "cs", "ss", "ds", "fs", "gs"],
    "Cr": [f"cr{i}" for i in range(16)], "Dr": [f"dr{i}" for i in range(8)],
    "Gpr64": GPR[64], "Gpr32": GPR[32], "Gpr16": GPR[16], "Gpr8": GPR[8],
}
KW = {"byte": "byte", "word": "word", "dword": "dword", "qword": "qword", "tbyte": "tbyte",
      "xmmword": "xmmword", "ymmword": "ymmword", "zmmword": "zmmword"}
ELEM_BYTES = {"dword": 4, "qword": 8}
VL_BYTES = {"xmmword": 16, "ymmword": 32, "zmmword": 64}
MEM_BYTES = {"qword": 8, **VL_BYTES}


def disp8_n(tup, row, vl):
    """N of disp8*N (SDM tables 2-34 and 2-35) without broadcast: for choosing displacements at
    the edges of the compressed form (llvm-mc decides the bytes)."""
    w = 8 if row["fields"].split(".")[3] == "W1" else 4
    return {"Full": vl, "Fvm": vl, "Half": vl // 2, "Hvm": vl // 2, "Qvm": vl // 4, "Ovm": vl // 8,
            "T1s1": 1, "T1s2": 2, "T1s4": 4, "T1s8": 8, "T2": 2 * w, "T4": 4 * w, "T8": 8 * w, "M128": 16,
            "Dup": 8 if vl == 16 else vl}.get(tup, 1)


def evex_info(row):
    """(tuple, allowed decorations, vector length bytes) of an EVEX row, from its dump fields."""
    f = row["fields"].split(".")
    vl = {"L128": 16, "L256": 32, "L512": 64}.get(f[0], 16)
    return f[4], set(f[5:]), vl


def vnum(r):
    """A vector register's number (`xmm3`, `ymm3` -> `3`); other names unchanged."""
    return r[3:] if r[:3] in ("xmm", "ymm", "zmm") else r


def vreg(cls, rng, evex, avoid=()):
    regs = CLASS_REGS[cls][: 32 if evex else 16]
    taken = {vnum(a) for a in avoid}
    return rng.choice([r for r in regs if vnum(r) not in taken])


def vsib_mem(kind, rng, evex, avoid):
    _, size, index = kind["mem"].split(":")
    idx = vreg(index, rng, evex, avoid)
    base = rng.choice(GPR[64] + [None])
    d = rng.choice([0, 4, 8, 0x40, -0x40, 0x100, 0x1fc, 0x200, -0x200, -0x204, 0x1234])
    s = rng.choice([1, 2, 4, 8])
    inner = f"{base} + {idx}*{s}" if base else f"{idx}*{s}"
    return f"{size} ptr [{inner}{disp_text(d, rng)}]", idx


def vector_mem(kind, rng, n_scale):
    """A memory operand, with displacements around the disp8*N edges."""
    m = mem_operand(rng, shapes=11)
    edge = rng.choice([0, n_scale, 127 * n_scale, 128 * n_scale, -128 * n_scale, -129 * n_scale, n_scale + 1])
    if rng.random() < 0.5:
        b = rng.choice(GPR[64])
        m = Mem(f"[{b}{disp_text(edge, rng)}]", [edge])
    kw = KW.get(kind["mem"])
    return (f"{kw} ptr {m.text}" if kw and rng.random() < 0.9 else m.text), m


def vector_instance(row, kinds, rng, deco_mode):
    """One line for a non-legacy row; `deco_mode` picks which decorations to try (EVEX)."""
    evex = row["scheme"] == "evex"
    tup, allowed, vl = evex_info(row) if evex else (None, set(), 16)
    ops, used, mem_at, bcst, disps, addr32 = [], [], None, None, [], False
    string_seg = False
    has_mem_kind = any(kinds[k]["mem"] != "-" for k in row["kinds"])
    want_mem = has_mem_kind and (rng.random() < 0.5 or all(kinds[k]["reg"] == "-" for k in row["kinds"]
                                                          if kinds[k]["mem"] != "-"))
    for i, k in enumerate(row["kinds"]):
        kd = kinds[k]
        if kd["mem"].startswith("moffs:"):
            # `movabs`'s 64-bit absolute address.
            size = kd["mem"].split(":")[1]
            addr = rng.choice([0x10, 0x7fffffff, 0x1122334455667788, 0xfedcba9876543210])
            ops.append(f"{size} ptr [{addr:#x}]")
            mem_at = i
            continue
        if kd["mem"].startswith("at"):
            # The implicit operand of a string instruction: exactly [rsi], es:[rdi] or [rbx].
            base, size = kd["mem"][2:].split(":")
            reg = {"3": "rbx", "6": "rsi", "7": "rdi"}[base]
            seg = "es:" if base == "7" else rng.choice(["", "", "fs:"])
            ops.append(f"{size} ptr {seg}[{reg}]")
            string_seg = string_seg or seg == "fs:"
            continue
        if kd["mem"].startswith("vsib"):
            text, idx = vsib_mem(kd, rng, evex, used)
            used.append(idx)
            ops.append(text)
            mem_at = i
        elif kd["mem"] != "-" and (want_mem and mem_at is None or kd["reg"] == "-"):
            if kd["bcst"] != "-" and deco_mode == "bcst":
                elem = kd["bcst"]
                n = MEM_BYTES[kd["mem"]] // ELEM_BYTES[elem]
                text, m = vector_mem({"mem": elem}, rng, ELEM_BYTES[elem])
                disps, addr32 = m.disps, m.addr32
                ops.append(text + f"{{1to{n}}}")
                bcst = n
            else:
                n_scale = disp8_n(tup, row, vl) if evex else 1
                text, m = vector_mem(kd, rng, n_scale)
                disps, addr32 = m.disps, m.addr32
                ops.append(text)
            mem_at = i
        elif kd["fixed"] != "-":
            ops.append(CLASS_REGS[kd["reg"]][int(kd["fixed"])])
        elif kd["reg"] != "-":
            regs = [r for j, r in enumerate(CLASS_REGS[kd["reg"]]) if str(j) != kd["exclude"]]
            if kd["reg"] in ("Xmm", "Ymm", "Zmm"):
                regs = regs[: 32 if evex else 16]
            taken = {vnum(u) for u in used}
            r = rng.choice([x for x in regs if vnum(x) not in taken] or regs)
            # A gather's destination, index and mask registers must all differ.
            if any(kinds[x]["mem"].startswith("vsib") for x in row["kinds"]):
                used.append(r)
            ops.append(r)
        elif kd["imm"] != "-":
            ops.append(str(rng.choice([0, 1, 0x7f, 0x80, 0xff])))
        else:
            return None
    if not ops and row["scheme"] != "x87" and row["scheme"] != "vex" and row["scheme"] != "legacy":
        return None
    if evex and ops:
        mask = ""
        if "kreq" in allowed or ("k" in allowed and deco_mode in ("mask", "zero")):
            mask = f" {{k{rng.randrange(1, 8)}}}"
            if deco_mode == "zero" and "z" in allowed and mem_at != 0:
                mask += " {z}"
        ops[0] += mask
        if deco_mode == "round" and "er" in allowed and mem_at is None:
            ops.append("{" + rng.choice(["rn-sae", "rd-sae", "ru-sae", "rz-sae"]) + "}")
        if deco_mode == "sae" and "sae" in allowed and mem_at is None:
            # Before a trailing immediate (`vcmpps k1, zmm2, zmm3, {sae}, 3`), else last.
            last_imm = kinds[row["kinds"][-1]]["imm"] != "-"
            ops.insert(len(ops) - 1 if last_imm else len(ops), "{sae}")
    text = row["mn"] + (" " + ", ".join(ops) if ops else "")
    c = Case(text, disps=disps)
    c.addr32 = addr32
    if row["id"].startswith("mov_r16_sreg"):
        c.sreg16 = True
    c.string_seg = string_seg
    return c


# Lines every assembler must refuse, with the reason (the matcher's error tests cover the same).
VECTOR_INVALID = [
    ("vpxor xmm16, xmm1, xmm2", "xmm16-31 need EVEX and vpxor has no EVEX form"),
    ("vpxor zmm0, zmm1, zmm2", "zmm needs EVEX and vpxor has no EVEX form"),
    ("vpxor xmm0 {k1}, xmm1, xmm2", "a write mask on a VEX-only form"),
    ("vaddps zmm0 {z}, zmm1, zmm2", "zeroing without a mask"),
    ("vaddps zmm0 {k0}, zmm1, zmm2", "k0 as a write mask"),
    ("vaddps zmm1, zmm2, dword ptr [rax]{1to8}", "broadcast {1to8} of a dword to 512 bits"),
    ("vaddpd zmm1, zmm2, qword ptr [rax]{1to16}", "broadcast {1to16} of a qword to 512 bits"),
    ("vaddps zmm1, zmm2, zmmword ptr [rax], {rn-sae}", "rounding with a memory operand"),
    ("vaddps ymm1, ymm2, ymm3, {rn-sae}", "rounding on a 256-bit form"),
    ("vpxord zmm1, zmm2, zmm3, {rn-sae}", "rounding on a row without embedded rounding"),
    ("vaddps ymm0, xmm1, ymm2", "mixed vector lengths"),
    ("vpgatherdd zmm0, zmmword ptr [rax + zmm1*4]", "a gather without a write mask"),
    ("vmovdqu32 zmmword ptr [rax] {k1} {z}, zmm1", "zeroing with a memory destination"),
    ("mov cs, ax", "cs cannot be loaded by mov"),
    ("kmovw k1, rax", "kmovw takes a 32-bit register"),
]


VPCMP_PREDS = ["eq", "lt", "le", "neq", "nlt", "nle"]
VCMP_PREDS = ["eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord", "eq_uq", "nge", "ngt", "false", "neq_oq",
              "ge", "gt", "true", "eq_os", "lt_oq", "le_oq", "unord_s", "neq_us", "nlt_uq", "nle_uq", "ord_s",
              "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq", "gt_oq", "true_us"]


def evex_alias_lines(rng):
    """The predicate spellings of the EVEX compares into mask registers (`vpcmpltd`, `vcmpltps`),
    with and without a write mask, at every vector length."""
    out = []
    for ty in ["b", "w", "d", "q", "ub", "uw", "ud", "uq"]:
        for p in VPCMP_PREDS:
            for vl in ("xmm", "ymm", "zmm"):
                a, b = rng.randrange(32), rng.randrange(32)
                mask = f" {{k{rng.randrange(1, 8)}}}" if rng.random() < 0.5 else ""
                out.append(Case(f"vpcmp{p}{ty} k{rng.randrange(8)}{mask}, {vl}{a}, {vl}{b}"))
    for ty in ["ps", "pd"]:
        for p in VCMP_PREDS:
            vl = rng.choice(["xmm", "ymm", "zmm"])
            mask = f" {{k{rng.randrange(1, 8)}}}" if rng.random() < 0.5 else ""
            out.append(Case(f"vcmp{p}{ty} k{rng.randrange(8)}{mask}, {vl}{rng.randrange(32)}, {vl}{rng.randrange(32)}"))
    for ty in ["ss", "sd"]:
        for p in VCMP_PREDS[:8]:
            out.append(Case(f"vcmp{p}{ty} k{rng.randrange(8)}, xmm{rng.randrange(32)}, xmm{rng.randrange(32)}"))
    return out


def vector_cases(kinds, rows, rng):
    """Lines for every row the legacy generator does not cover."""
    legacy = {r["id"] for r in read_table()}
    out = []
    for row in rows:
        if row["id"] in legacy or any(kinds[k]["rel"] for k in row["kinds"]):
            continue
        modes = ["plain"] * 8
        if row["scheme"] == "evex":
            _, allowed, _ = evex_info(row)
            modes += ["mask", "zero"] * 3 if "k" in allowed or "kreq" in allowed else []
            modes += ["bcst"] * 4 if any(kinds[k]["bcst"] != "-" for k in row["kinds"]) else []
            modes += ["round"] * 4 if "er" in allowed else []
            modes += ["sae"] * 2 if "sae" in allowed else []
        for mode in modes:
            c = vector_instance(row, kinds, rng, mode)
            if c:
                out.append(c)
    out += evex_alias_lines(rng)
    for text, why in VECTOR_INVALID:
        out.append(Case(text, want=("error", why)))
    seen, uniq = set(), []
    for c in out:
        if c.text not in seen:
            seen.add(c.text)
            uniq.append(c)
    return uniq


def string_seg_quirk(c):
    """llvm-mc 14 writes the `fs:` override of a string operand after 66 or REX (a REX that is
    not next to the opcode is ignored: `48 64 A5` is a dword `movs`) and drops it on `xlatb`."""
    if getattr(c, "string_seg", False) and c.llvm not in (None, "error"):
        b = c.llvm.split()
        if "64" in b:
            b.remove("64")
        ours = " ".join(["64"] + b)
        if ours != c.llvm:
            return (ours, "llvm-mc 14 puts a string operand's segment override after 66/REX (the "
                    "REX is then ignored) or drops it (xlatb); the override goes first, as GNU as writes it")
    return None


def sreg16_quirk(c):
    """llvm-mc 14 drops the 66 of `mov r16, sreg` (66 8C /r in the SDM, as GNU as emits it)."""
    if getattr(c, "sreg16", False) and c.llvm not in (None, "error"):
        return ("66 " + c.llvm, "llvm-mc 14 drops the operand-size prefix of `mov r16, sreg`; "
                "the SDM form is 66 8C /r and GNU as keeps the 66")
    return None


# --------------------------------------------------------------------------------------------
# Oracles
# --------------------------------------------------------------------------------------------

ENC = re.compile(r"#\s*encoding:\s*\[([^\]]*)\]")
MARK = re.compile(r"^\s*M(\d+):")
DIAG = re.compile(r"^<stdin>:(\d+):\d+: (error|warning): (.*)$")


def llvm_batch(texts):
    """[(verdict, message)] for each line: verdict is 'error' or a hex string."""
    src, line_of = [], {}
    for i, t in enumerate(texts):
        src.append(f"M{i}:")
        src.append(t)
        line_of[len(src)] = i
    p = subprocess.run(["llvm-mc", "-triple=x86_64-unknown-linux-gnu", "-x86-asm-syntax=intel",
                        "-output-asm-variant=1", "-show-encoding"],
                       input="\n".join(src) + "\n", capture_output=True, text=True)
    enc = {i: [] for i in range(len(texts))}
    seen = set()
    cur = None
    for line in p.stdout.splitlines():
        m = MARK.match(line)
        if m:
            cur = int(m.group(1))
            seen.add(cur)
            continue
        e = ENC.search(line)
        if e and cur is not None:
            enc[cur] += [b.strip() for b in e.group(1).split(",") if b.strip()]
    errors, warnings = {}, {}
    for line in p.stderr.splitlines():
        m = DIAG.match(line)
        if m and int(m.group(1)) in line_of:
            i = line_of[int(m.group(1))]
            (errors if m.group(2) == "error" else warnings).setdefault(i, m.group(3))
    if p.returncode < 0 or "Stack dump" in p.stderr or len(seen) != len(texts):
        # llvm-mc crashed on some line (it does, on a few invalid ones): split the batch and retry;
        # a single line that crashes it is dropped.
        if len(texts) == 1:
            print(f"llvm-mc crashes on {texts[0]!r}; line dropped")
            return [(None, "crash")]
        half = len(texts) // 2
        return llvm_batch(texts[:half]) + llvm_batch(texts[half:])
    out = []
    for i in range(len(texts)):
        if i in errors:
            out.append(("error", errors[i]))
        elif enc[i]:
            if not all(re.fullmatch(r"0x[0-9a-f]{2}", b) for b in enc[i]):
                out.append((None, "fixup"))
            else:
                out.append((" ".join(b[2:] for b in enc[i]), warnings.get(i, "")))
        else:
            out.append((None, "no output"))
    return out


def gas_batch(texts):
    """GNU as's verdict for each line: ('error', msg) or (hex, warning)."""
    with tempfile.TemporaryDirectory() as d:
        def run(lines):
            s, o = os.path.join(d, "g.s"), os.path.join(d, "g.o")
            src = [".intel_syntax noprefix", ".text"]
            line_of = {}
            for i, t in enumerate(lines):
                src.append(f"Q{i}:")
                src.append(t if t is not None else "")
                line_of[len(src)] = i
            src.append(f"Q{len(lines)}:")
            open(s, "w").write("\n".join(src) + "\n")
            p = subprocess.run(["as", "--64", "-msyntax=intel", "-mnaked-reg", "-o", o, s],
                               capture_output=True, text=True)
            diags = {}
            for line in p.stderr.splitlines():
                m = re.match(r"^.*?:(\d+): (Error|Warning): (.*)$", line)
                if m and int(m.group(1)) in line_of:
                    diags.setdefault(line_of[int(m.group(1))], []).append((m.group(2), m.group(3)))
            return p.returncode, o, diags

        rc, o, diags = run(texts)
        errs = {i for i, ds in diags.items() if any(k == "Error" for k, _ in ds)}
        kept = [None if i in errs else t for i, t in enumerate(texts)]
        rc, o, diags2 = run(kept)
        if rc != 0:
            raise SystemExit(f"GNU as still fails after removing error lines: {diags2}")
        b = os.path.join(d, "g.bin")
        subprocess.run(["objcopy", "-O", "binary", "-j", ".text", o, b], check=True)
        data = open(b, "rb").read() if os.path.exists(b) else b""
        nm = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
        addr = {}
        for line in nm.splitlines():
            parts = line.split()
            if len(parts) == 3 and re.fullmatch(r"Q\d+", parts[2]):
                addr[int(parts[2][1:])] = int(parts[0], 16)
        out = []
        for i in range(len(texts)):
            if i in errs:
                out.append(("error", "; ".join(m for k, m in diags[i] if k == "Error")))
            else:
                warn = "; ".join(m for k, m in diags.get(i, []) if k == "Warning")
                out.append((data[addr[i]:addr[i + 1]].hex(" "), warn))
        return out


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def range_problem(c):
    """Why the SDM says this line cannot be encoded as written, or None."""
    if c.imm is not None and c.policy and not fits(c.imm, c.policy):
        what = {"u8": "an 8-bit field (-128..255)", "u16": "a 16-bit field (-32768..65535)",
                "u32": "a 32-bit field (-2^31..2^32-1)", "u64": "64 bits",
                "s32to64": "a 32-bit field sign-extended to 64 bits"}[c.policy]
        return f"immediate {c.imm} does not fit {what}; llvm-mc truncates it"
    for d in c.disps:
        if not I32[0] <= d <= I32[1]:
            if c.addr32 and 0 <= d <= U[32]:
                return (f"displacement {d} is outside the signed 32-bit range; with 32-bit addressing "
                        "it wraps modulo 2^32 and llvm-mc takes it, our assembler requires a signed "
                        "32-bit displacement")
            return f"displacement {d} does not fit a signed 32-bit field; llvm-mc truncates it"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = read_table()
    cases = generate(rows, rng)
    kinds, all_rows = read_dump()
    vcases = vector_cases(kinds, all_rows, random.Random(args.seed))
    vverdicts = llvm_batch([c.text for c in vcases])
    vgood, vquirks = [], []
    for c, (v, msg) in zip(vcases, vverdicts):
        c.llvm, c.llvm_msg = v, msg
        if v is None:
            continue
        why = range_problem(c)
        want = c.want or (("error", why) if why else None) or sreg16_quirk(c) or string_seg_quirk(c)
        if want is None or want[0] == c.llvm:
            vgood.append(c)
        else:
            vquirks.append((c, want))

    texts = [c.text for c in cases] + [c.companion for c in cases if c.companion]
    verdicts = []
    for i in range(0, len(texts), 1500):
        verdicts += llvm_batch(texts[i:i + 1500])
    comp = {}
    for c, (v, msg) in zip(cases, verdicts):
        c.llvm, c.llvm_msg = v, msg
    for t, (v, _) in zip(texts[len(cases):], verdicts[len(cases):]):
        comp[t] = v

    good, quirks = [], []
    for c in cases:
        if c.llvm is None:
            continue
        want = c.want
        why = range_problem(c)
        if want is None and why:
            want = ("error", why)
        if want is None and c.companion and c.llvm == "error" and comp.get(c.companion) not in (None, "error"):
            want = (comp[c.companion], "llvm-mc requires `ptr` after a size keyword; our assembler "
                                       "accepts the keyword alone (GNU as reads `dword` there as a number)")
        if want is None or want[0] == c.llvm:
            good.append(c)
        else:
            quirks.append((c, want))

    quirks += vquirks
    gas = gas_batch([c.text for c, _ in quirks]) if quirks else []
    qlines = []
    for (c, (verdict, reason)), (gv, gmsg) in zip(quirks, gas):
        g = f"GNU as: error ({gmsg})" if gv == "error" else f"GNU as: {gv or '(no bytes)'}" + \
            (f" with warning ({gmsg})" if gmsg else "")
        qlines.append(f"{c.text}\t{c.llvm}\t{verdict}\t{reason}; {g}")

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("# generated by scripts/gen_corpus.py — do not edit; regenerate with: "
                "python3 scripts/gen_corpus.py\n")
        f.write(f"# seed {args.seed}; llvm-mc -x86-asm-syntax=intel -output-asm-variant=1 -show-encoding; "
                "format: <asm>\\t<hex bytes> or <asm>\\terror\n")
        for c in good:
            f.write(f"{c.text}\t{c.llvm}\n")
    with open(VECTOR_OUT, "w") as f:
        f.write("# generated by scripts/gen_corpus.py — do not edit; regenerate with: "
                "python3 scripts/gen_corpus.py\n")
        f.write(f"# seed {args.seed}; VEX, EVEX, x87 and system-register rows; llvm-mc -x86-asm-syntax=intel "
                "-output-asm-variant=1 -show-encoding; format: <asm>\\t<hex bytes> or <asm>\\terror\n")
        for c in vgood:
            f.write(f"{c.text}\t{c.llvm}\n")
    with open(QUIRKS, "w") as f:
        f.write("# generated by scripts/gen_corpus.py — do not edit; regenerate with: "
                "python3 scripts/gen_corpus.py\n")
        f.write("# Lines where llvm-mc 14's verdict differs from the Intel SDM or our documented policy.\n")
        f.write("# format: <asm>\\t<llvm encoding or error>\\t<our expected verdict: error or bytes>\\t<reason>\n")
        for q in qlines:
            f.write(q + "\n")
    n_err = sum(1 for c in good if c.llvm == "error")
    print(f"{len(vgood)} vector lines -> {os.path.relpath(VECTOR_OUT, ROOT)}")
    print(f"{len(good)} lines ({n_err} errors) -> {os.path.relpath(OUT, ROOT)}; "
          f"{len(qlines)} quirks -> {os.path.relpath(QUIRKS, ROOT)}")


if __name__ == "__main__":
    main()
