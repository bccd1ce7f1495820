//! Legacy encoding: operand-size and mandatory prefixes, REX, opcode bytes (with their 0F,
//! 0F 38, 0F 3A escapes) and `+r`.
//!
//! A REX prefix is written when REX.W is set, when a register numbered 8..15 is encoded, or
//! when `spl`/`bpl`/`sil`/`dil`/`r8b`.. are named (SDM 2.2.1). The matcher has already refused
//! `ah`..`bh` in an instruction that needs REX.

use super::{bit3, mem_regs, Fields, Rm};
use crate::isa::{flag, Form, Legacy};

/// What a row contributes to REX without operands: `0100 W000`.
pub const fn rex_template(l: &Legacy) -> u8 {
    0x40 | ((l.rex_w as u8) << 3)
}

/// The operand bits of REX: R (ModRM.reg bit 3), X (SIB.index bit 3), B (ModRM.rm, SIB.base
/// or opcode-register bit 3).
pub const fn rex_fill(r: bool, x: bool, b: bool) -> u8 {
    ((r as u8) << 2) | ((x as u8) << 1) | b as u8
}

/// (R, X, B) of the placed fields.
pub fn rex_bits(f: &Fields) -> (bool, bool, bool) {
    match &f.rm {
        Rm::Mem(m) => {
            let (base, index) = mem_regs(m);
            (bit3(f.reg), bit3(index), bit3(base))
        }
        Rm::Reg(r) => (bit3(f.reg), false, bit3(*r)),
        Rm::None => (bit3(f.reg), false, bit3(f.op_reg)),
    }
}

/// Writes the prefixes, REX and the opcode (with the `+r` register in its low bits).
#[inline(always)]
pub fn write(l: &Legacy, form: &Form, f: &Fields, out: &mut Vec<u8>) {
    if form.has_flag(flag::O16) {
        out.push(0x66);
    }
    if l.prefix != 0 {
        out.push(l.prefix);
    }
    let (r, x, b) = rex_bits(f);
    let rex = rex_template(l) | rex_fill(r, x, b);
    if rex != 0x40 || f.byte_rex {
        out.push(rex);
    }
    let (last, head) = form.opcode.split_last().unwrap_or((&0x90, &[]));
    out.extend_from_slice(head);
    out.push(last | (f.op_reg & 7));
}
