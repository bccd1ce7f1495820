//! The encoder's stages as fills into a fixed template, for code that knows its row at compile
//! time.
//!
//! The `x86!` macro compiles an instruction with run-time operands (register, immediate and
//! displacement holes) into straight-line code: the bytes no hole can change are literals, and
//! each field a hole feeds is one call below, each a few shifts and ORs on register numbers and
//! values. These are the same fills the generic encoder runs ([`legacy::rex_fill`](super::legacy::rex_fill),
//! [`modrm::reg_byte`](super::modrm::reg_byte), [`modrm::write_regs`](super::modrm::write_regs),
//! [`vex::write_regs`](super::vex::write_regs)), writing into a fixed room
//! instead of a growing `Vec`, so nothing is matched, checked or allocated per field at run
//! time. A run of such instructions (up to the next label or branch) is written in place past
//! the end of the assembler's buffer by [`Run`](crate::asm::Run), which takes the bytes in
//! with one length update; [`Spec`] is the same writer over a buffer of its own (the macro uses
//! it at expansion time to fold constant fields). Field by field, the code for
//! `add r64{d}, r64{s}` would read:
//!
//! ```
//! # let (d, s) = (asm_runtime::Gpr64::R9, asm_runtime::Gpr64::RAX);
//! let mut w = asm_runtime::enc::spec::Spec::<16, 32>::new();
//! w.rex(0x48, s.num(), 0, d.num(), false); // REX.W, R from s, B from d
//! w.bytes(&[0x01]); // the opcode
//! w.modrm_reg(0x00, s.num(), d.num()); // mod=11, reg=s, rm=d
//! w.end(0); // instruction 0 of the run done
//! assert_eq!(w.as_slice(), [0x49, 0x01, 0xc1]);
//! ```
//!
//! Fields of a fixed length next to each other (as all three are here, REX.W being always
//! written) are merged by the macro into one value and one store, [`Spec::word`]:
//!
//! ```
//! # let (d, s) = (asm_runtime::Gpr64::R9.num(), asm_runtime::Gpr64::RAX.num());
//! let mut w = asm_runtime::enc::spec::Spec::<16, 32>::new();
//! let v = 0xC0_01_48u64 // ModRM mod=11, the opcode, REX.W
//!     | u64::from((s & 8) >> 1) | u64::from((d & 8) >> 3) // REX.R, REX.B
//!     | u64::from(s & 7) << 19 | u64::from(d & 7) << 16; // ModRM.reg, ModRM.rm
//! w.word(v, 3);
//! assert_eq!(w.as_slice(), [0x49, 0x01, 0xc1]);
//! ```

use super::Out;

/// The most instructions one run holds, in a [`Spec`] or an [`Assembler::run`](crate::Assembler::run)
/// (the generated code starts a new one after that). Eight: a cold call out of a run (the
/// generic path of an instruction whose values its compiled form does not take) passes the
/// run's instruction ends along, so fewer of them make less code at every such instruction,
/// while opening a run costs a few nanoseconds per eight instructions.
pub const MAX_RUN: usize = 8;

/// Bytes a run needs beyond its longest encoding: an optional byte or a displacement is stored
/// whole and the length advanced by what is kept.
pub const SLACK: usize = 4;

/// The fill stages shared by [`Spec`] and the assembler's in-place run
/// ([`Run`](crate::asm::Run)): everything but the storage, written once. Each type provides
/// [`Out`], `word`, `end` (where each instruction ends, for the listing) and the field `len`.
macro_rules! fills {
    () => {
        /// The bytes in the run so far.
        #[inline(always)]
        pub fn len(&self) -> usize {
            self.len
        }

        /// Whether the run is empty.
        #[inline(always)]
        pub fn is_empty(&self) -> bool {
            self.len == 0
        }

        /// Appends template bytes.
        #[inline(always)]
        pub fn bytes(&mut self, b: &[u8]) {
            $crate::enc::Out::extend(self, b);
        }

        /// A REX prefix: `template` (0x40 | W) with R, X and B from bit 3 of the register
        /// numbers `r` (ModRM.reg), `x` (SIB.index) and `b` (ModRM.rm, SIB.base or `+r`);
        /// written when any bit is set or `force` holds (`spl`..`dil` are named).
        #[inline(always)]
        pub fn rex(&mut self, template: u8, r: u8, x: u8, b: u8, force: bool) {
            let rex = template | $crate::enc::legacy::rex_fill(r & 8 != 0, x & 8 != 0, b & 8 != 0);
            $crate::enc::Out::push_if(self, rex, rex != 0x40 || force);
        }

        /// An opcode byte with a register in its low three bits (`+r`).
        #[inline(always)]
        pub fn opcode_reg(&mut self, opcode: u8, reg: u8) {
            $crate::enc::Out::push(self, opcode | (reg & 7));
        }

        /// A register-direct ModRM byte: `fixed` holds the `/digit` bits, `reg` (a register
        /// number, or 0 with a `/digit`) goes to bits 5:3 and `rm` to bits 2:0.
        #[inline(always)]
        pub fn modrm_reg(&mut self, fixed: u8, reg: u8, rm: u8) {
            $crate::enc::Out::push(self, $crate::enc::modrm::reg_byte(fixed | ((reg & 7) << 3), rm));
        }

        /// ModRM, SIB and displacement of `[base + index*scale + disp]` (either register may
        /// be absent), with ModRM.reg `reg` and disp8*N scale `n` (1 outside EVEX).
        #[inline(always)]
        pub fn mem(&mut self, reg: u8, base: Option<u8>, index: Option<u8>, scale: u8, disp: i32, n: u8) {
            $crate::enc::modrm::write_regs(self, reg, base, index, scale, disp, n);
        }

        /// A VEX prefix and opcode: `template` is the row's C4 payload
        /// ([`vex::template`](crate::enc::vex::template)), `c5` whether its map and W allow the
        /// 2-byte form; R, X, B, `vvvv` come from register numbers.
        #[allow(clippy::too_many_arguments)] // one argument per field of the prefix
        #[inline(always)]
        pub fn vex(&mut self, template: [u8; 2], c5: bool, r: u8, x: u8, b: u8, vvvv: u8, opcode: u8) {
            $crate::enc::vex::write_regs(
                self,
                template,
                c5,
                (r & 8 != 0, x & 8 != 0, b & 8 != 0),
                vvvv,
                opcode,
            );
        }

        /// An EVEX prefix and opcode: `template` is the row's P0..P2
        /// ([`evex::template`](crate::enc::evex::template)) with the decorations already in;
        /// `reg` is ModRM.reg's register (5 bits), `x` and `b` the X and B bits (bit 4 and bit 3
        /// of a register rm, or bit 3 of a memory index and base), `vvvv` the `vvvv` register
        /// (5 bits).
        #[allow(clippy::too_many_arguments)] // one argument per field of the prefix
        #[inline(always)]
        pub fn evex(&mut self, template: [u8; 3], reg: u8, x: bool, b: bool, vvvv: u8, opcode: u8) {
            use $crate::enc::evex;
            let p = evex::fill(template, evex::Regs { reg, rm_x: x, rm_b: b, vvvv, ..evex::Regs::default() });
            $crate::enc::Out::extend(self, &[0x62, p[0], p[1], p[2], opcode]);
        }

        /// An immediate of `width` bytes (1, 2, 4 or 8): the low bytes of `v`.
        #[inline(always)]
        pub fn imm(&mut self, v: i64, width: u8) {
            let b = (v as u64).to_le_bytes();
            $crate::enc::Out::extend(self, &b[..width as usize & 15]);
        }

        /// An `/is4` register byte: the register number in bits 7:4.
        #[inline(always)]
        pub fn is4(&mut self, reg: u8) {
            $crate::enc::Out::push(self, (reg & 15) << 4);
        }
    };
}
pub(crate) use fills;

/// A run of instructions being filled in: `N` bytes (a power of two at least [`SLACK`] more
/// than the run's longest encoding; the macro makes runs of at most 252 bytes, and uses 16 for
/// one instruction) in a buffer of `B` bytes (`N + 16` or more), and where each instruction
/// ends, for the listing.
///
/// Writes go to offsets masked to `N`, and none is longer than 16 bytes, so every write is in
/// the buffer: no clamp or check on the way.
///
/// The instructions of a run are numbered from 0 (a constant in generated code, so marking an
/// end is one store). The generated code writes its runs in place with
/// [`Assembler::run`](crate::Assembler::run), which has the same fill stages; this buffer of its
/// own is what the macro evaluates constant fields with at expansion time.
#[derive(Copy, Clone, Debug)]
pub struct Spec<const N: usize, const B: usize> {
    buf: [u8; B],
    len: usize,
    /// End offset in `buf` of each instruction of the run, by its number.
    ends: [u8; MAX_RUN],
}

impl<const N: usize, const B: usize> Default for Spec<N, B> {
    fn default() -> Spec<N, B> {
        Spec::new()
    }
}

impl<const N: usize, const B: usize> Out for Spec<N, B> {
    #[inline(always)]
    fn push(&mut self, b: u8) {
        // The generated code sizes runs to fit (see `RUN_BYTES`); the mask only spares the
        // bounds check.
        self.buf[self.len & Self::MASK] = b;
        self.len += 1;
    }
    #[inline(always)]
    fn extend(&mut self, b: &[u8]) {
        // One store of all the bytes (the slices are constants or immediates of a constant
        // width in the generated code, at most 16 bytes, so never past the buffer's end).
        debug_assert!(b.len() <= 16);
        let at = self.len & Self::MASK;
        if let Some(dst) = self.buf.get_mut(at..at + b.len()) {
            dst.copy_from_slice(b);
        }
        self.len += b.len();
    }
    #[inline(always)]
    fn push_if(&mut self, b: u8, keep: bool) {
        self.buf[self.len & Self::MASK] = b;
        self.len += keep as usize;
    }
    #[inline(always)]
    fn extend_n(&mut self, b: [u8; 4], n: usize) {
        let at = self.len & Self::MASK;
        self.buf[at..at + 4].copy_from_slice(&b);
        self.len += n.min(4);
    }
}

impl<const N: usize, const B: usize> Spec<N, B> {
    /// Offsets are taken modulo `N` (see the type's documentation).
    const MASK: usize = {
        assert!(N.is_power_of_two() && B >= N + 16, "a run is a power of two, its buffer 16 bytes more");
        N - 1
    };

    /// An empty run.
    #[inline(always)]
    pub const fn new() -> Spec<N, B> {
        let _ = Self::MASK; // the sizes' check, at compile time
        Spec { buf: [0; B], len: 0, ends: [0; MAX_RUN] }
    }

    /// The bytes written so far.
    #[inline(always)]
    pub fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len.min(N)]
    }

    /// `n` bytes (at most 8) of a whole-word fill: the low `n` bytes of `v`, little-endian, in
    /// one 8-byte store (the bytes past `n` are overwritten by what follows, or dropped).
    #[inline(always)]
    pub fn word(&mut self, v: u64, n: usize) {
        debug_assert!(n <= 8);
        let at = self.len & Self::MASK;
        self.buf[at..at + 8].copy_from_slice(&v.to_le_bytes());
        self.len += n.min(8);
    }

    /// Marks the end of instruction `k` of the run.
    #[inline(always)]
    pub fn end(&mut self, k: usize) {
        self.ends[k & (MAX_RUN - 1)] = self.len as u8;
    }

    /// The end offset of each instruction in the run when instruction `upto` is next.
    pub fn ends(&self, upto: usize) -> &[u8] {
        &self.ends[..upto.min(MAX_RUN)]
    }

    fills!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enc::modrm;

    #[test]
    fn memory_fills_match_the_generic_writer() {
        // Every base, index, scale and a spread of displacements through both writers.
        use crate::operand::{Mem, Reg, RegClass};
        let disps = [0, 1, -1, 127, -128, 128, -129, 0x1234_5678, i32::MIN];
        for base in (0..16).map(Some).chain([None]) {
            for index in (0..16).filter(|i| *i != 4).map(Some).chain([None]) {
                for scale in [1, 2, 4, 8] {
                    if index.is_none() && scale != 1 {
                        continue;
                    }
                    for &disp in &disps {
                        let mut w = Spec::<16, 32>::new();
                        w.mem(3, base, index, scale, disp, 1);
                        let m = Mem {
                            base: base.map(|n| Reg::new(RegClass::Gpr64, n)),
                            index: index.map(|n| Reg::new(RegClass::Gpr64, n)),
                            scale,
                            disp: disp as i64,
                            ..Mem::default()
                        };
                        let mut v = Vec::new();
                        modrm::write_mem(&m, 3, 1, &mut v);
                        assert_eq!(w.as_slice(), &v[..], "{m:?}");
                    }
                }
            }
        }
    }
}
