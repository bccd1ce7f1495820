//! EVEX: the 4-byte `62` prefix of AVX-512.
//!
//! `62 | R X B R' 0 0 m m | W vvvv 1 pp | z L'L b V' aaa` (SDM 2.7.1). R, X, B, R', `vvvv` and
//! V' are stored inverted. Registers have five bits: ModRM.reg is R'.R.reg, ModRM.rm of a
//! register is X.B.rm, `vvvv` is V'.vvvv; in a memory operand X extends the index and, for a
//! VSIB address, V' is the vector index's fifth bit. `aaa` is the write mask, `z` selects
//! zeroing, `b` means broadcast (memory) or embedded rounding/SAE (registers, where L'L then
//! holds the rounding mode).

use super::{bit3, bit4, mem_regs, Fields, Rm};
use crate::ast::{Decorations, Rounding};
use crate::isa::{kinds::MemKind, Evex, Form, Slot};

/// What a row contributes without operands: P0..P2 with every inverted bit set, `vvvv` and
/// V' = "no register", the fixed 1 of P1, map, W, pp and the vector length.
pub const fn template(e: &Evex) -> [u8; 3] {
    [0xF0 | e.map as u8, ((e.w.bit() as u8) << 7) | 0x7C | e.pp as u8, (e.len.bits() << 5) | 0x08]
}

/// The run-time register fields of an EVEX instruction.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct Regs {
    /// ModRM.reg's register (0..31).
    pub reg: u8,
    /// X: bit 4 of a register rm, or bit 3 of a memory index.
    pub rm_x: bool,
    /// B: bit 3 of a register rm, or of a memory base.
    pub rm_b: bool,
    /// `vvvv` with V' (0..31), or a VSIB index's bit 4 in V'.
    pub vvvv: u8,
    /// Write mask (0 = none).
    pub mask: u8,
    /// Zeroing.
    pub z: bool,
    /// Broadcast or embedded rounding/SAE.
    pub b: bool,
    /// L'L override (the rounding mode), if any.
    pub ll: Option<u8>,
}

/// Fills the run-time fields into a [`template`].
pub const fn fill(t: [u8; 3], r: Regs) -> [u8; 3] {
    let p0 = t[0]
        ^ (((bit3(r.reg) as u8) << 7)
            | ((r.rm_x as u8) << 6)
            | ((r.rm_b as u8) << 5)
            | ((bit4(r.reg) as u8) << 4));
    let p1 = t[1] ^ ((r.vvvv & 15) << 3);
    let mut p2 = t[2] ^ ((bit4(r.vvvv) as u8) << 3);
    if let Some(ll) = r.ll {
        p2 = (p2 & !0x60) | (ll << 5);
    }
    p2 |= ((r.z as u8) << 7) | ((r.b as u8) << 4) | (r.mask & 7);
    [p0, p1, p2]
}

/// The rounding mode's L'L bits.
pub const fn rounding_bits(r: Rounding) -> u8 {
    match r {
        Rounding::Rn | Rounding::Sae => 0,
        Rounding::Rd => 1,
        Rounding::Ru => 2,
        Rounding::Rz => 3,
    }
}

/// The run-time fields of the placed operands `f` and the decorations of row `form`.
pub fn regs(form: &Form, f: &Fields, deco: &Decorations) -> Regs {
    let mut r = Regs { reg: f.reg, vvvv: f.vvvv.unwrap_or(0), ..Regs::default() };
    match &f.rm {
        Rm::Reg(n) => (r.rm_x, r.rm_b) = (bit4(*n), bit3(*n)),
        Rm::Mem(m) => {
            let (base, index) = mem_regs(m);
            (r.rm_x, r.rm_b) = (bit3(index), bit3(base));
            if is_vsib(form) {
                r.vvvv |= index & 16;
            }
        }
        Rm::None => {}
    }
    r.mask = deco.mask.map_or(0, |k| k.num & 7);
    r.z = deco.zeroing;
    if deco.broadcast.is_some() {
        r.b = true;
    }
    if let (Some(rc), Rm::Reg(_)) = (deco.rounding, &f.rm) {
        // L'L holds the rounding mode; with `{sae}` alone it is 00 (as assemblers write it).
        r.b = true;
        r.ll = Some(rounding_bits(rc));
    }
    r
}

fn is_vsib(form: &Form) -> bool {
    form.operands.iter().any(|(k, s)| *s == Slot::Rm && matches!(k.info().mem, Some(MemKind::Vsib { .. })))
}

/// The broadcast element size in bytes of the row's memory operand, when broadcasting.
fn broadcast_elem(form: &Form, deco: &Decorations) -> Option<u8> {
    deco.broadcast?;
    let (k, _) = form.operands.iter().find(|(k, _)| k.info().bcst.is_some())?;
    k.info().bcst.map(|s| (s.bits() / 8) as u8)
}

/// Writes the EVEX prefix and the opcode byte; returns N of disp8*N for the memory operand.
pub fn write(e: &Evex, form: &Form, f: &Fields, deco: &Decorations, out: &mut Vec<u8>) -> u8 {
    let p = fill(template(e), regs(form, f, deco));
    out.extend_from_slice(&[0x62, p[0], p[1], p[2], form.opcode[0]]);
    e.disp8_scale(broadcast_elem(form, deco))
}
