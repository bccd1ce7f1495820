//! Whole-word fills: adjacent pieces of fixed length (a REX that is always written, opcode
//! bytes, `+r` opcodes, register-direct ModRM, immediates) merged into one 64-bit value, the
//! bits no hole feeds known now and one OR per field a hole feeds, written with one 8-byte store
//! ([`Spec::word`](asm_runtime::enc::spec::Spec::word)) instead of a store per byte.
//!
//! A piece whose length depends on a value (a REX written only for r8-r15, ModRM/SIB with a
//! displacement chosen by size, VEX's 2- or 3-byte form, EVEX) ends the word.

use crate::spec::{ImmV, Piece, Val, Values};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The most bytes of a word (one 8-byte store).
const WORD: usize = 8;

/// A field of a word a hole feeds, at byte `at`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// Bit 3 of register hole `hole`, shifted right by `down` (REX.R: 1, REX.X: 2, REX.B: 3).
    RexBit { at: u8, hole: usize, down: u8 },
    /// The low three bits of register hole `hole`, shifted left by `up` (ModRM.reg: 3, ModRM.rm
    /// and `+r`: 0).
    Low3 { at: u8, hole: usize, up: u8 },
    /// The low `width` bytes of immediate hole `hole`.
    Imm { at: u8, hole: usize, width: u8 },
}

/// One piece as word parts at byte `at`: its constant bits, its terms and its length; `None`
/// when its length depends on a value or it does not fit in the word from `at` on.
fn parts(p: &Piece, at: u8) -> Option<(u64, Vec<Term>, u8)> {
    let len = match p {
        Piece::Bytes(b) => u8::try_from(b.len()).ok()?,
        Piece::Rex { .. } | Piece::OpReg { .. } | Piece::ModrmReg { .. } => 1,
        Piece::Imm { width, .. } => *width,
        _ => return None,
    };
    // Past the word's end (every shift below stays under 64).
    if usize::from(at) + usize::from(len) > WORD {
        return None;
    }
    let mut base = 0u64;
    let mut terms = Vec::new();
    let mut low3 = |v: Val, up: u8, base: &mut u64| match v {
        Val::C(n) => *base |= u64::from((n & 7) << up) << (8 * at),
        Val::H(hole) => terms.push(Term::Low3 { at, hole, up }),
    };
    match p {
        Piece::Bytes(b) => {
            for (k, &x) in b.iter().enumerate() {
                base |= u64::from(x) << (8 * (at as usize + k));
            }
        }
        Piece::Rex { template, r, x, b, force, force_holes } => {
            // Written whatever the registers: W is set or a literal spl..dil forces it.
            if !(*template != 0x40 || *force) || !force_holes.is_empty() {
                return None;
            }
            base |= u64::from(*template) << (8 * at);
            for (v, down) in [(*r, 1), (*x, 2), (*b, 3)] {
                match v {
                    Val::C(n) => base |= u64::from((n & 8) >> down) << (8 * at),
                    Val::H(hole) => terms.push(Term::RexBit { at, hole, down }),
                }
            }
        }
        Piece::OpReg { opcode, reg } => {
            base |= u64::from(*opcode) << (8 * at);
            low3(*reg, 0, &mut base);
        }
        Piece::ModrmReg { fixed, reg, rm } => {
            base |= u64::from(0xC0 | fixed) << (8 * at);
            low3(*reg, 3, &mut base);
            low3(*rm, 0, &mut base);
        }
        Piece::Imm { v: ImmV::H(hole), width } => terms.push(Term::Imm { at, hole: *hole, width: *width }),
        Piece::Imm { v: ImmV::C(c), width } => {
            let bytes = (*c as i64 as u64).to_le_bytes();
            for (k, &x) in bytes.iter().enumerate().take(usize::from(*width)) {
                base |= u64::from(x) << (8 * (at as usize + k));
            }
        }
        _ => return None,
    }
    Some((base, terms, len))
}

/// The pieces with each run of two or more word-able pieces (at most [`WORD`] bytes in all)
/// merged into one [`Piece::Word`].
pub fn merge(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut open: Vec<Piece> = Vec::new();
    let mut word: Option<(u64, Vec<Term>, u8)> = None;
    let close = |out: &mut Vec<Piece>, open: &mut Vec<Piece>, word: &mut Option<(u64, Vec<Term>, u8)>| {
        match (word.take(), open.len()) {
            (Some((base, terms, len)), n) if n >= 2 => out.push(Piece::Word { base, terms, len }),
            _ => out.append(open),
        }
        open.clear();
    };
    for p in pieces {
        let at = word.as_ref().map_or(0, |w| w.2);
        match parts(&p, at) {
            Some((base, terms, len)) => {
                let w = word.get_or_insert((0, Vec::new(), 0));
                w.0 |= base;
                w.1.extend(terms);
                w.2 += len;
                open.push(p);
            }
            _ => {
                close(&mut out, &mut open, &mut word);
                // The piece may start the next word.
                match parts(&p, 0) {
                    Some((base, terms, len)) => {
                        word = Some((base, terms, len));
                        open.push(p);
                    }
                    _ => out.push(p),
                }
            }
        }
    }
    close(&mut out, &mut open, &mut word);
    out
}

/// The word's value for hole values `x` (what the generated code computes).
pub fn value(base: u64, terms: &[Term], x: &Values) -> u64 {
    terms.iter().fold(base, |v, t| {
        v | match *t {
            Term::RexBit { at, hole, down } => u64::from((x.regs[hole] & 8) >> down) << (8 * at),
            Term::Low3 { at, hole, up } => u64::from((x.regs[hole] & 7) << up) << (8 * at),
            Term::Imm { at, hole, width } => (x.imms[hole] as i64 as u64 & mask(width)) << (8 * at),
        }
    })
}

fn mask(width: u8) -> u64 {
    match width {
        8.. => u64::MAX,
        w => (1u64 << (8 * w)) - 1,
    }
}

/// The generated code of a word: one expression, one store.
pub fn tokens(base: u64, terms: &[Term], len: u8) -> TokenStream {
    let terms = terms.iter().map(|t| match *t {
        Term::RexBit { at, hole, down } => {
            let id = format_ident!("__r{}", hole);
            let shift = 8 * u32::from(at);
            quote!((((#id & 8) >> #down) as u64) << #shift)
        }
        Term::Low3 { at, hole, up } => {
            let id = format_ident!("__r{}", hole);
            let shift = 8 * u32::from(at) + u32::from(up);
            quote!(((#id & 7) as u64) << #shift)
        }
        Term::Imm { at, hole, width } => {
            let id = format_ident!("__h{}", hole);
            let (shift, m) = (8 * u32::from(at), mask(width));
            quote!((((#id as i64) as u64) & #m) << #shift)
        }
    });
    let len = usize::from(len);
    quote!(__w.word(#base #(| #terms)*, #len);)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `mov r64{r}, imm64` with a literal value: REX and `+r` make a word, the 8 immediate
    /// bytes do not fit after them and stay bytes (no shift past 64 bits on the way).
    #[test]
    fn pieces_past_the_word_end_start_the_next_or_stay() {
        let imm = vec![0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11];
        let pieces = vec![
            Piece::Rex {
                template: 0x48,
                r: Val::C(0),
                x: Val::C(0),
                b: Val::H(0),
                force: false,
                force_holes: vec![],
            },
            Piece::OpReg { opcode: 0xB8, reg: Val::H(0) },
            Piece::Bytes(imm.clone()),
        ];
        let out = merge(pieces);
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(matches!(&out[0], Piece::Word { len: 2, .. }));
        assert_eq!(out[1], Piece::Bytes(imm));
        let x = Values { regs: vec![9], imms: vec![] };
        let Piece::Word { base, terms, .. } = &out[0] else { unreachable!() };
        assert_eq!(value(*base, terms, &x).to_le_bytes()[..2], [0x49, 0xB9]);
        // A word that is full: the next piece starts another.
        let full = vec![
            Piece::Bytes(vec![1; 7]),
            Piece::OpReg { opcode: 0x50, reg: Val::H(0) },
            Piece::OpReg { opcode: 0x58, reg: Val::H(0) },
        ];
        let out = merge(full);
        assert!(matches!(&out[..], [Piece::Word { len: 8, .. }, Piece::OpReg { .. }]), "{out:?}");
    }
}
