//! Typed registers: one Rust type per register class, the types of register holes (`r64{e}`,
//! `zmm{e}`, `k{e}`...) and of write masks (`{k{e}}`), so a register of the wrong class is a
//! rustc type error.

use std::fmt;

use super::{Reg, RegClass};

macro_rules! typed_regs {
    ($(#[$doc:meta])* $ty:ident, $class:ident, $count:literal, [$($c:ident = $n:expr),* $(,)?]) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $ty(u8);

        impl $ty {
            $(
                #[doc = concat!("The register `", stringify!($c), "`.")]
                pub const $c: $ty = $ty($n);
            )*

            #[doc = concat!("The register with hardware number `num` (below ", $count, "), or `None`.")]
            pub const fn from_num(num: u8) -> Option<$ty> {
                if num < $count { Some($ty(num)) } else { None }
            }

            /// The hardware number.
            pub const fn num(self) -> u8 {
                self.0
            }
        }

        impl From<$ty> for Reg {
            fn from(r: $ty) -> Reg {
                Reg::new(RegClass::$class, r.0)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(Reg::from(*self).name())
            }
        }
    };
}

typed_regs!(
    /// A 64-bit general-purpose register, the Rust type of an `r64{expr}` hole.
    Gpr64, Gpr64, 16, [RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
    R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15]
);
typed_regs!(
    /// A 32-bit general-purpose register, the Rust type of an `r32{expr}` hole.
    Gpr32, Gpr32, 16, [EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7,
    R8D = 8, R9D = 9, R10D = 10, R11D = 11, R12D = 12, R13D = 13, R14D = 14, R15D = 15]
);
typed_regs!(
    /// A 16-bit general-purpose register, the Rust type of an `r16{expr}` hole.
    Gpr16, Gpr16, 16, [AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7,
    R8W = 8, R9W = 9, R10W = 10, R11W = 11, R12W = 12, R13W = 13, R14W = 14, R15W = 15]
);
typed_regs!(
    /// A low 8-bit general-purpose register (`al`..`r15b`), the Rust type of an `r8{expr}` hole.
    /// The legacy high-byte registers `ah`..`bh` can only be written literally.
    Gpr8, Gpr8, 16, [AL = 0, CL = 1, DL = 2, BL = 3, SPL = 4, BPL = 5, SIL = 6, DIL = 7,
    R8B = 8, R9B = 9, R10B = 10, R11B = 11, R12B = 12, R13B = 13, R14B = 14, R15B = 15]
);
typed_regs!(
    /// An SSE/AVX register `xmm0`..`xmm31`, the Rust type of an `xmm{expr}` hole (16..31 only
    /// in EVEX forms).
    Xmm, Xmm, 32, [XMM0 = 0, XMM1 = 1, XMM2 = 2, XMM3 = 3, XMM4 = 4, XMM5 = 5, XMM6 = 6, XMM7 = 7,
    XMM8 = 8, XMM9 = 9, XMM10 = 10, XMM11 = 11, XMM12 = 12, XMM13 = 13, XMM14 = 14, XMM15 = 15,
    XMM16 = 16, XMM17 = 17, XMM18 = 18, XMM19 = 19, XMM20 = 20, XMM21 = 21, XMM22 = 22, XMM23 = 23,
    XMM24 = 24, XMM25 = 25, XMM26 = 26, XMM27 = 27, XMM28 = 28, XMM29 = 29, XMM30 = 30, XMM31 = 31]
);
typed_regs!(
    /// An AVX register `ymm0`..`ymm31`, the Rust type of a `ymm{expr}` hole (16..31 only in
    /// EVEX forms).
    Ymm, Ymm, 32, [YMM0 = 0, YMM1 = 1, YMM2 = 2, YMM3 = 3, YMM4 = 4, YMM5 = 5, YMM6 = 6, YMM7 = 7,
    YMM8 = 8, YMM9 = 9, YMM10 = 10, YMM11 = 11, YMM12 = 12, YMM13 = 13, YMM14 = 14, YMM15 = 15,
    YMM16 = 16, YMM17 = 17, YMM18 = 18, YMM19 = 19, YMM20 = 20, YMM21 = 21, YMM22 = 22, YMM23 = 23,
    YMM24 = 24, YMM25 = 25, YMM26 = 26, YMM27 = 27, YMM28 = 28, YMM29 = 29, YMM30 = 30, YMM31 = 31]
);
typed_regs!(
    /// An AVX-512 register `zmm0`..`zmm31`, the Rust type of a `zmm{expr}` hole.
    Zmm, Zmm, 32, [ZMM0 = 0, ZMM1 = 1, ZMM2 = 2, ZMM3 = 3, ZMM4 = 4, ZMM5 = 5, ZMM6 = 6, ZMM7 = 7,
    ZMM8 = 8, ZMM9 = 9, ZMM10 = 10, ZMM11 = 11, ZMM12 = 12, ZMM13 = 13, ZMM14 = 14, ZMM15 = 15,
    ZMM16 = 16, ZMM17 = 17, ZMM18 = 18, ZMM19 = 19, ZMM20 = 20, ZMM21 = 21, ZMM22 = 22, ZMM23 = 23,
    ZMM24 = 24, ZMM25 = 25, ZMM26 = 26, ZMM27 = 27, ZMM28 = 28, ZMM29 = 29, ZMM30 = 30, ZMM31 = 31]
);
typed_regs!(
    /// A mask register `k0`..`k7` as an operand (`kmovw k{dst}, eax`), the Rust type of a
    /// `k{expr}` hole. A write mask is a [`KMask`], which cannot be `k0`.
    KReg, K, 8, [K0 = 0, K1 = 1, K2 = 2, K3 = 3, K4 = 4, K5 = 5, K6 = 6, K7 = 7]
);
typed_regs!(
    /// An x87 stack register `st(0)`..`st(7)`, the Rust type of an `st{expr}` hole.
    St, St, 8, [ST0 = 0, ST1 = 1, ST2 = 2, ST3 = 3, ST4 = 4, ST5 = 5, ST6 = 6, ST7 = 7]
);
typed_regs!(
    /// An MMX register `mm0`..`mm7`, the Rust type of an `mm{expr}` hole.
    Mm, Mm, 8, [MM0 = 0, MM1 = 1, MM2 = 2, MM3 = 3, MM4 = 4, MM5 = 5, MM6 = 6, MM7 = 7]
);

/// A write mask `k1`..`k7`: the Rust type of a `{k{expr}}` mask decoration. `k0` means "no
/// mask" in the EVEX encoding, so it has no value of this type and cannot be passed by mistake.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct KMask(u8);

impl KMask {
    /// `k1`.
    pub const K1: KMask = KMask(1);
    /// `k2`.
    pub const K2: KMask = KMask(2);
    /// `k3`.
    pub const K3: KMask = KMask(3);
    /// `k4`.
    pub const K4: KMask = KMask(4);
    /// `k5`.
    pub const K5: KMask = KMask(5);
    /// `k6`.
    pub const K6: KMask = KMask(6);
    /// `k7`.
    pub const K7: KMask = KMask(7);

    /// The mask register `k{num}` for `num` in 1..=7, or `None` (`k0` is not a write mask).
    pub const fn from_num(num: u8) -> Option<KMask> {
        if num >= 1 && num < 8 {
            Some(KMask(num))
        } else {
            None
        }
    }

    /// The register number 1..=7.
    pub const fn num(self) -> u8 {
        self.0
    }
}

impl From<KMask> for Reg {
    fn from(k: KMask) -> Reg {
        Reg::new(RegClass::K, k.0)
    }
}

impl fmt::Display for KMask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Reg::from(*self).name())
    }
}
