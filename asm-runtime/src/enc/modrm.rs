//! ModRM, SIB and displacement, shared by every scheme.
//!
//! The SDM rules this writer follows: `mod=00 rm=101` is RIP-relative in 64-bit mode, so an
//! absolute address goes through a SIB with no base; `rm=100` means "a SIB follows", so an
//! `rsp`/`r12` base always has a SIB; an `rbp`/`r13` base with `mod=00` would mean "no base",
//! so it takes an explicit disp8 of 0. EVEX compresses an 8-bit displacement as disp8*N: a
//! displacement that is a multiple of N with a quotient in -128..=127 is stored as the quotient.

use super::{mem_regs, Out, Reloc, RelocTarget};
use crate::isa::ModRm;
use crate::operand::{Mem, RegClass};

/// The ModRM bits a row fixes: its `/digit` in bits 5:3 (0 for `/r`).
pub const fn fixed_bits(m: ModRm) -> u8 {
    match m {
        ModRm::Digit(d) => d << 3,
        _ => 0,
    }
}

/// A register-direct ModRM byte: `fixed` (reg bits already in place) plus `rm`'s low bits.
pub const fn reg_byte(fixed: u8, rm: u8) -> u8 {
    0xC0 | fixed | (rm & 7)
}

/// Whether the address uses 32-bit registers or `eip` (needs the 0x67 prefix).
pub fn is_addr32(m: &Mem) -> bool {
    m.base.or(m.index).is_some_and(|r| r.class == RegClass::Gpr32 || (r.class == RegClass::Rip && r.num == 1))
}

/// The SIB scale field.
pub const fn scale_bits(s: u8) -> u8 {
    match s {
        2 => 1,
        4 => 2,
        8 => 3,
        _ => 0,
    }
}

/// The displacement encoding of `disp` off a base register with low bits `base`: `mod` and
/// the number of displacement bytes, with disp8*N compression for `scale` N.
pub const fn disp_mode(disp: i32, base: u8, scale: u8) -> (u8, u8) {
    if disp == 0 && base != 0b101 {
        (0b00, 0)
    } else if disp % scale as i32 == 0 && disp / scale as i32 >= -128 && disp / scale as i32 <= 127 {
        (0b01, 1)
    } else {
        (0b10, 4)
    }
}

/// Writes ModRM (+ SIB + displacement) for memory operand `m` with ModRM.reg `reg` (low three
/// bits used). Returns the relocation of a `[rip + label]` displacement (its `end` is fixed by
/// the caller once the immediates are written).
#[inline]
pub fn write_mem(m: &Mem, reg: u8, scale: u8, out: &mut Vec<u8>) -> Option<Reloc> {
    let disp = m.disp as i32;
    let (base, index) = mem_regs(m);
    match m.base {
        Some(b) if b.class == RegClass::Rip => {
            out.push(((reg & 7) << 3) | 0b101);
            let at = out.len();
            out.extend_from_slice(&disp.to_le_bytes());
            m.label.map(|l| {
                out[at..at + 4].fill(0);
                Reloc { at, width: 4, end: 0, target: RelocTarget::Label(l), addend: m.disp }
            })
        }
        _ => {
            write_regs(out, reg, m.base.map(|_| base), m.index.map(|_| index), m.scale, disp, scale);
            None
        }
    }
}

/// Writes ModRM (+ SIB + displacement) for `[base + index*scale + disp]` given by register
/// numbers (`None` when absent; `base` is not `rip`), with ModRM.reg `reg` (low three bits used)
/// and disp8*N scale `n`. An absent base is an absolute disp32 (or index without base) through a
/// SIB with base=101, mod=00.
#[inline(always)]
pub fn write_regs<O: Out>(
    out: &mut O,
    reg: u8,
    base: Option<u8>,
    index: Option<u8>,
    scale: u8,
    disp: i32,
    n: u8,
) {
    let reg = (reg & 7) << 3;
    let idx = match index {
        Some(i) => i & 7,
        None => 0b100,
    };
    match base {
        None => {
            out.push(reg | 0b100);
            out.push((scale_bits(scale) << 6) | (idx << 3) | 0b101);
            out.extend(&disp.to_le_bytes());
        }
        Some(b) => {
            // Written without branches on the register numbers: the SIB byte and the
            // displacement's size are data (a register allocator's choices are not predictable).
            let (mode, bytes) = disp_mode(disp, b & 7, n);
            let sib = index.is_some() || b & 7 == 0b100;
            out.push((mode << 6) | reg | if sib { 0b100 } else { b & 7 });
            out.push_if((scale_bits(scale) << 6) | (idx << 3) | (b & 7), sib);
            let d = if bytes == 1 { disp / n as i32 } else { disp };
            out.extend_n(d.to_le_bytes(), bytes as usize);
        }
    }
}
