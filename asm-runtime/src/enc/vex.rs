//! VEX: the 2-byte (C5) and 3-byte (C4) prefixes.
//!
//! C4 `RXB.mmmmm W.vvvv.L.pp` carries inverted R, X, B, the opcode map, W, the inverted `vvvv`
//! register, L and the implied prefix. C5 `R.vvvv.L.pp` is the same without X, B, the map and
//! W, so it is usable when X and B are 0, W is 0 and the map is 0F (SDM 2.3.5); assemblers use it
//! whenever they can, and so do we.

use super::{legacy::rex_bits, Fields, Out};
use crate::isa::{Map, Vex, VexW};

/// What a row contributes without operands: the C4 form's two payload bytes with every
/// inverted register bit set (no extension) and `vvvv` = 1111 (no register).
pub const fn template(v: &Vex) -> [u8; 2] {
    [0xE0 | v.map as u8, ((v.w.bit() as u8) << 7) | 0x78 | (v.len.bits() << 2) | v.pp as u8]
}

/// Fills register bits into a [`template`]: R, X, B and `vvvv` are stored inverted.
pub const fn fill(t: [u8; 2], r: bool, x: bool, b: bool, vvvv: u8) -> [u8; 2] {
    let rxb = ((r as u8) << 7) | ((x as u8) << 6) | ((b as u8) << 5);
    [t[0] ^ rxb, t[1] ^ ((vvvv & 15) << 3)]
}

/// Whether the 2-byte form can express the filled prefix.
pub const fn fits_c5(v: &Vex, p: [u8; 2]) -> bool {
    p[0] & 0x60 == 0x60 && matches!(v.map, Map::M0F) && !matches!(v.w, VexW::W1)
}

/// Writes the VEX prefix and the opcode byte.
pub fn write(v: &Vex, opcode: u8, f: &Fields, out: &mut Vec<u8>) {
    write_regs(out, template(v), c5_allowed(v), rex_bits(f), f.vvvv.unwrap_or(0), opcode);
}

/// Whether the row's map and W allow the 2-byte form at all.
pub const fn c5_allowed(v: &Vex) -> bool {
    matches!(v.map, Map::M0F) && !matches!(v.w, VexW::W1)
}

/// Writes a VEX prefix from a row's [`template`], whether [`c5_allowed`], the (R, X, B) bits and
/// the `vvvv` register, then the opcode byte.
#[inline(always)]
pub fn write_regs<O: Out>(
    out: &mut O,
    t: [u8; 2],
    c5: bool,
    (r, x, b): (bool, bool, bool),
    vvvv: u8,
    opcode: u8,
) {
    let p = fill(t, r, x, b, vvvv);
    // Both forms are built and one is chosen by value, without a branch.
    let two = c5 && p[0] & 0x60 == 0x60;
    // R.vvvv.L.pp: R from byte 1, the rest from byte 2 without W.
    let c5_form = [0xC5, (p[0] & 0x80) | (p[1] & 0x7F), opcode, 0];
    let c4_form = [0xC4, p[0], p[1], opcode];
    out.extend_n(if two { c5_form } else { c4_form }, if two { 3 } else { 4 });
}

/// Whether `form` (a VEX row) encodes `ops` with the 2-byte prefix; `false` for other schemes.
pub fn is_two_byte(form: &crate::isa::Form, ops: &[crate::operand::Operand]) -> bool {
    let crate::isa::Scheme::Vex(v) = &form.scheme else { return false };
    let f = super::place(form, ops);
    let (r, x, b) = rex_bits(&f);
    fits_c5(v, fill(template(v), r, x, b, f.vvvv.unwrap_or(0)))
}
