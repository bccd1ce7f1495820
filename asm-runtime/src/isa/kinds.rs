//! Operand kinds: what an operand position of a table row accepts, declared once per kind.
//!
//! Every [`Kind`] has one [`KindInfo`] entry in [`KINDS`] (indexed by `kind as usize`), built by
//! the `kinds!` list below. The matcher, the macro's lowering (the Rust type of an immediate hole,
//! the class of a register hole), the table dump and the tests all read these entries; none of
//! them matches on kinds. Adding a kind is adding one line to the list.
//!
//! An entry says:
//!
//! * `reg`: the register class the position accepts (8-bit kinds also take `ah`..`bh`), with
//!   `fixed` naming one register number (`al`, `cl`, `st(0)`, `fs`) and `exclude` one number it
//!   refuses (`cs` is not a `mov` destination);
//! * `mem`: whether a memory operand is accepted and of which size, or a VSIB address (an index
//!   that is a vector register, for gathers); `bcst`: the element size of an EVEX broadcast
//!   `{1toN}` the memory operand may be instead;
//! * `imm`: an immediate field: its width in bits, the literal values it takes, whether the value
//!   is sign-extended from the field to the operation width, and the Rust type a `{expr}` hole
//!   takes there (`None`: only literals, which the matcher chooses by value);
//! * `rel`: a branch displacement field of 1 or 4 bytes;
//! * `manual`: the operand as the Intel manual writes it (`r/m64`, `imm8`, `zmm/m512/m32bcst`).

use crate::operand::{RegClass, Size};

/// How a kind accepts memory operands.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum MemKind {
    /// Memory of any size (`lea`, `nop`, `prefetch`): only the address matters.
    Any,
    /// Memory of this size (an unsized operand is accepted unless the row is `SIZED`).
    Sized(Size),
    /// A VSIB address `[base + vreg*scale + disp]`: the index is a vector register of `index`
    /// class; `size` is the operand's size keyword when written.
    Vsib {
        /// The size keyword that may be written (`xmmword` for `vm32x`, ...).
        size: Size,
        /// The class of the index register.
        index: RegClass,
    },
    /// An absolute 64-bit address `[0x1122334455667788]` of this size, no base or index
    /// (`movabs`'s `moffs`, encoded as 8 bytes in the [`Slot::Moffs`](super::Slot::Moffs) field).
    Abs(Size),
    /// Exactly `[base]` with the 64-bit register numbered `base` and no displacement: the
    /// implicit operands of string instructions (`byte ptr [rsi]`, `qword ptr es:[rdi]`). An
    /// `rdi` operand takes no segment but `es`; an `rsi` operand takes any override.
    At {
        /// The operand size.
        size: Size,
        /// The base register's number (6 for `rsi`, 7 for `rdi`).
        base: u8,
    },
}

/// An immediate field.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImmInfo {
    /// Width of the encoded field in bits (0 for the implied literals `1` and `3`).
    pub bits: u8,
    /// Smallest literal accepted.
    pub lo: i128,
    /// Largest literal accepted.
    pub hi: i128,
    /// When not 0, the value's `sext`-bit pattern must be the field sign-extended (an `imm8`
    /// that the CPU sign-extends to 64 bits takes `-1` and `0xffff_ffff_ffff_ffff`, not `0xff`).
    pub sext: u8,
    /// The narrowest signed Rust type of a `{expr}` hole in this position, or `None` when only
    /// literals fit (the short sign-extended forms are chosen by value at run time). The macro
    /// takes every integer type the field holds without loss: see [`crate::imm::field_of`].
    pub hole: Option<&'static str>,
}

/// Everything about one operand kind. See the [module docs](self).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct KindInfo {
    /// The [`Kind`] variant's name (`Rm64`), as the table dump prints it.
    pub name: &'static str,
    /// The operand in manual notation (`r/m64`).
    pub manual: &'static str,
    /// Register class accepted.
    pub reg: Option<RegClass>,
    /// The one register number accepted (with `reg`).
    pub fixed: Option<u8>,
    /// A register number not accepted (with `reg`).
    pub exclude: Option<u8>,
    /// Memory accepted.
    pub mem: Option<MemKind>,
    /// Element size of a broadcast `{1toN}` accepted in place of the full memory operand.
    pub bcst: Option<Size>,
    /// Immediate field.
    pub imm: Option<ImmInfo>,
    /// Branch displacement width in bytes (1 or 4), 0 if not a branch target.
    pub rel: u8,
}

const NONE: KindInfo = KindInfo {
    name: "",
    manual: "",
    reg: None,
    fixed: None,
    exclude: None,
    mem: None,
    bcst: None,
    imm: None,
    rel: 0,
};

const fn reg(class: RegClass, manual: &'static str) -> KindInfo {
    KindInfo { manual, reg: Some(class), ..NONE }
}
const fn fixed(class: RegClass, num: u8, manual: &'static str) -> KindInfo {
    KindInfo { manual, reg: Some(class), fixed: Some(num), ..NONE }
}
const fn mem(size: Size, manual: &'static str) -> KindInfo {
    KindInfo { manual, mem: Some(MemKind::Sized(size)), ..NONE }
}
const fn reg_mem(class: RegClass, size: Size, manual: &'static str) -> KindInfo {
    KindInfo { manual, reg: Some(class), mem: Some(MemKind::Sized(size)), ..NONE }
}
const fn bcst(class: RegClass, size: Size, elem: Size, manual: &'static str) -> KindInfo {
    KindInfo { bcst: Some(elem), ..reg_mem(class, size, manual) }
}
const fn moffs(size: Size, manual: &'static str) -> KindInfo {
    KindInfo { manual, mem: Some(MemKind::Abs(size)), ..NONE }
}
const fn at(size: Size, base: u8, manual: &'static str) -> KindInfo {
    KindInfo { manual, mem: Some(MemKind::At { size, base }), ..NONE }
}
const fn vsib(size: Size, index: RegClass, manual: &'static str) -> KindInfo {
    KindInfo { manual, mem: Some(MemKind::Vsib { size, index }), ..NONE }
}
const fn imm(bits: u8, lo: i128, hi: i128, sext: u8, hole: Option<&'static str>) -> KindInfo {
    KindInfo { manual: "", imm: Some(ImmInfo { bits, lo, hi, sext, hole }), ..NONE }
}
const fn literal(v: i128, manual: &'static str) -> KindInfo {
    KindInfo { manual, ..imm(0, v, v, 0, None) }
}
const fn named(k: KindInfo, manual: &'static str) -> KindInfo {
    KindInfo { manual, ..k }
}

/// Operand classes as bits of a `u32`, for a quick necessary test ahead of a row's full
/// acceptance test: bit `c as u32` for a register (or register hole) of class `c`, then
/// memory, immediates (and immediate holes), branch targets, absolute addresses.
pub(crate) mod class_bit {
    /// A memory operand.
    pub const MEM: u32 = 1 << 16;
    /// An immediate or an immediate hole.
    pub const IMM: u32 = 1 << 17;
    /// A label or a target hole.
    pub const REL: u32 = 1 << 18;
    /// An absolute code address.
    pub const ABS: u32 = 1 << 19;
}

impl KindInfo {
    /// The [`class_bit`]s of the operands this kind can accept: an operand whose bit is not in
    /// it is refused by the full test (`matcher::accepts_op`) whatever its value, which is
    /// what lets the matcher skip the row (a test checks the two agree over every kind).
    pub(crate) const fn class_mask(&self) -> u32 {
        let mut m = 0;
        if let Some(c) = self.reg {
            m |= 1 << c as u32;
            if matches!(c, RegClass::Gpr8) {
                m |= 1 << RegClass::Gpr8High as u32;
            }
        }
        if self.mem.is_some() {
            m |= class_bit::MEM;
        }
        if self.imm.is_some() {
            m |= class_bit::IMM;
        }
        if self.rel != 0 {
            m |= class_bit::REL;
        }
        if self.rel == 4 {
            m |= class_bit::ABS;
        }
        m
    }
}

const I32_MIN: i128 = i32::MIN as i128;
const U32_MAX: i128 = u32::MAX as i128;
const I64_MIN: i128 = i64::MIN as i128;
const U64_MAX: i128 = u64::MAX as i128;

macro_rules! kinds {
    ($($(#[doc = $doc:literal])+ $name:ident => $info:expr;)*) => {
        /// What an operand position accepts; its properties are in [`KINDS`].
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($(#[doc = $doc])+ $name,)*
        }

        /// The descriptor of every kind, indexed by `kind as usize`.
        pub const KINDS: &[KindInfo] = &[$(KindInfo { name: stringify!($name), ..$info },)*];

        /// [`KindInfo::class_mask`] of every kind, indexed by `kind as usize`.
        pub(crate) static CLASS_MASKS: [u32; KINDS.len()] = {
            let mut out = [0; KINDS.len()];
            let mut i = 0;
            while i < KINDS.len() {
                out[i] = KINDS[i].class_mask();
                i += 1;
            }
            out
        };

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$name,)*];
        }
    };
}

use RegClass::*;

kinds! {
    /// 8-bit GP register (including `ah`..`bh`).
    R8 => reg(Gpr8, "r8");
    /// 16-bit GP register.
    R16 => reg(Gpr16, "r16");
    /// 32-bit GP register.
    R32 => reg(Gpr32, "r32");
    /// 64-bit GP register.
    R64 => reg(Gpr64, "r64");
    /// 8-bit register or byte memory.
    Rm8 => reg_mem(Gpr8, Size::Byte, "r/m8");
    /// 16-bit register or word memory.
    Rm16 => reg_mem(Gpr16, Size::Word, "r/m16");
    /// 32-bit register or dword memory.
    Rm32 => reg_mem(Gpr32, Size::Dword, "r/m32");
    /// 64-bit register or qword memory.
    Rm64 => reg_mem(Gpr64, Size::Qword, "r/m64");
    /// 32-bit register or byte memory (`vpextrb`, `vpinsrb`: the register holds the byte
    /// zero-extended).
    R32M8 => reg_mem(Gpr32, Size::Byte, "r32/m8");
    /// 32-bit register or word memory (`vpextrw`, `vpinsrw`).
    R32M16 => reg_mem(Gpr32, Size::Word, "r32/m16");
    /// Byte memory.
    M8 => mem(Size::Byte, "m8");
    /// Word memory.
    M16 => mem(Size::Word, "m16");
    /// Dword memory.
    M32 => mem(Size::Dword, "m32");
    /// Qword memory.
    M64 => mem(Size::Qword, "m64");
    /// Tbyte memory (x87 extended precision).
    M80 => mem(Size::Tbyte, "m80");
    /// Xmmword memory.
    M128 => mem(Size::Xmmword, "m128");
    /// Ymmword memory.
    M256 => mem(Size::Ymmword, "m256");
    /// Zmmword memory.
    M512 => mem(Size::Zmmword, "m512");
    /// Memory of any size (`lea`, `nop`-style address-only uses).
    M => KindInfo { manual: "m", mem: Some(MemKind::Any), ..NONE };
    /// Byte at an absolute 64-bit address (`moffs8`).
    Moffs8 => moffs(Size::Byte, "moffs8");
    /// Word at an absolute 64-bit address (`moffs16`).
    Moffs16 => moffs(Size::Word, "moffs16");
    /// Dword at an absolute 64-bit address (`moffs32`).
    Moffs32 => moffs(Size::Dword, "moffs32");
    /// Qword at an absolute 64-bit address (`moffs64`).
    Moffs64 => moffs(Size::Qword, "moffs64");
    /// String source byte `[rsi]`.
    SrcB => at(Size::Byte, 6, "m8 [rsi]");
    /// String source word `[rsi]`.
    SrcW => at(Size::Word, 6, "m16 [rsi]");
    /// String source dword `[rsi]`.
    SrcD => at(Size::Dword, 6, "m32 [rsi]");
    /// String source qword `[rsi]`.
    SrcQ => at(Size::Qword, 6, "m64 [rsi]");
    /// String destination byte `es:[rdi]`.
    DstB => at(Size::Byte, 7, "m8 es:[rdi]");
    /// String destination word `es:[rdi]`.
    DstW => at(Size::Word, 7, "m16 es:[rdi]");
    /// String destination dword `es:[rdi]`.
    DstD => at(Size::Dword, 7, "m32 es:[rdi]");
    /// String destination qword `es:[rdi]`.
    DstQ => at(Size::Qword, 7, "m64 es:[rdi]");
    /// The `xlat` table byte `[rbx]` (any segment override).
    Xlat => at(Size::Byte, 3, "m8 [rbx]");
    /// Exactly `al`.
    Al => fixed(Gpr8, 0, "al");
    /// Exactly `ax`.
    Ax => fixed(Gpr16, 0, "ax");
    /// Exactly `eax`.
    Eax => fixed(Gpr32, 0, "eax");
    /// Exactly `rax`.
    Rax => fixed(Gpr64, 0, "rax");
    /// Exactly `cl`.
    Cl => fixed(Gpr8, 1, "cl");
    /// Exactly `dx`.
    Dx => fixed(Gpr16, 2, "dx");
    /// The literal 1 (shift-by-one forms).
    One => literal(1, "1");
    /// The literal 3 (`int 3`, which assemblers encode as the one-byte `int3`).
    Three => literal(3, "3");
    /// 8-bit immediate for an 8-bit operation: -128..=255.
    Imm8 => named(imm(8, -128, 255, 0, Some("i8")), "imm8");
    /// 16-bit immediate: -32768..=65535.
    Imm16 => named(imm(16, -32768, 65535, 0, Some("i16")), "imm16");
    /// 32-bit immediate for a 32-bit operation: -2^31..=2^32-1.
    Imm32 => named(imm(32, I32_MIN, U32_MAX, 0, Some("i32")), "imm32");
    /// 32-bit immediate sign-extended to 64 bits: a value whose 64-bit pattern fits i32.
    Imm32s => named(imm(32, I64_MIN, U64_MAX, 64, Some("i32")), "imm32");
    /// 64-bit immediate: any i64 or u64 value.
    Imm64 => named(imm(64, I64_MIN, U64_MAX, 0, Some("i64")), "imm64");
    /// imm8 sign-extended to 16 bits.
    Imm8s16 => named(imm(8, -32768, 65535, 16, None), "imm8");
    /// imm8 sign-extended to 32 bits.
    Imm8s32 => named(imm(8, I32_MIN, U32_MAX, 32, None), "imm8");
    /// imm8 sign-extended to 64 bits.
    Imm8s64 => named(imm(8, I64_MIN, U64_MAX, 64, None), "imm8");
    /// 8-bit displacement from the end of the instruction to a label.
    Rel8 => KindInfo { manual: "rel8", rel: 1, ..NONE };
    /// 32-bit displacement from the end of the instruction to a label or address.
    Rel32 => KindInfo { manual: "rel32", rel: 4, ..NONE };
    /// XMM register (xmm16..31 only in EVEX rows).
    Xmm => reg(Xmm, "xmm");
    /// Exactly `xmm0`, the implicit operand of `blendvps`, `pblendvb`, `sha256rnds2`.
    Xmm0 => fixed(Xmm, 0, "<xmm0>");
    /// XMM register or byte memory (`vpbroadcastb`).
    XmmM8 => reg_mem(Xmm, Size::Byte, "xmm/m8");
    /// XMM register or word memory (`vpbroadcastw`, `vpmovzxbq xmm`).
    XmmM16 => reg_mem(Xmm, Size::Word, "xmm/m16");
    /// XMM register or dword memory.
    XmmM32 => reg_mem(Xmm, Size::Dword, "xmm/m32");
    /// XMM register or qword memory.
    XmmM64 => reg_mem(Xmm, Size::Qword, "xmm/m64");
    /// XMM register or xmmword memory.
    XmmM128 => reg_mem(Xmm, Size::Xmmword, "xmm/m128");
    /// XMM register, qword memory or a dword broadcast `{1to2}` (`vcvtps2pd xmm`, the half-vector
    /// source of a widening conversion).
    XmmM64B32 => bcst(Xmm, Size::Qword, Size::Dword, "xmm/m64/m32bcst");
    /// XMM register, xmmword memory or a dword broadcast `{1to4}`.
    XmmM128B32 => bcst(Xmm, Size::Xmmword, Size::Dword, "xmm/m128/m32bcst");
    /// XMM register, xmmword memory or a qword broadcast `{1to2}`.
    XmmM128B64 => bcst(Xmm, Size::Xmmword, Size::Qword, "xmm/m128/m64bcst");
    /// YMM register.
    Ymm => reg(Ymm, "ymm");
    /// YMM register or ymmword memory.
    YmmM256 => reg_mem(Ymm, Size::Ymmword, "ymm/m256");
    /// YMM register, ymmword memory or a dword broadcast `{1to8}`.
    YmmM256B32 => bcst(Ymm, Size::Ymmword, Size::Dword, "ymm/m256/m32bcst");
    /// YMM register, ymmword memory or a qword broadcast `{1to4}`.
    YmmM256B64 => bcst(Ymm, Size::Ymmword, Size::Qword, "ymm/m256/m64bcst");
    /// ZMM register.
    Zmm => reg(Zmm, "zmm");
    /// ZMM register or zmmword memory.
    ZmmM512 => reg_mem(Zmm, Size::Zmmword, "zmm/m512");
    /// ZMM register, zmmword memory or a dword broadcast `{1to16}`.
    ZmmM512B32 => bcst(Zmm, Size::Zmmword, Size::Dword, "zmm/m512/m32bcst");
    /// ZMM register, zmmword memory or a qword broadcast `{1to8}`.
    ZmmM512B64 => bcst(Zmm, Size::Zmmword, Size::Qword, "zmm/m512/m64bcst");
    /// VSIB address with xmm indices (dword indices, 4 of them).
    Vm32x => vsib(Size::Xmmword, Xmm, "vm32x");
    /// VSIB address with ymm indices.
    Vm32y => vsib(Size::Ymmword, Ymm, "vm32y");
    /// VSIB address with 4 dword indices in an xmm register gathering four qwords (a ymmword).
    Vm32xM256 => vsib(Size::Ymmword, Xmm, "vm32x");
    /// VSIB address with 2 qword indices in an xmm register gathering two qwords (an xmmword).
    Vm64x => vsib(Size::Xmmword, Xmm, "vm64x");
    /// VSIB address with 4 qword indices in a ymm register gathering four qwords (a ymmword).
    Vm64y => vsib(Size::Ymmword, Ymm, "vm64y");
    /// VSIB address with 2 qword indices in an xmm register gathering two dwords (a qword).
    Vm64xM64 => vsib(Size::Qword, Xmm, "vm64x");
    /// VSIB address with 4 qword indices in a ymm register gathering four dwords (an xmmword).
    Vm64yM128 => vsib(Size::Xmmword, Ymm, "vm64y");
    /// VSIB address with zmm indices.
    Vm32z => vsib(Size::Zmmword, Zmm, "vm32z");
    /// VSIB address with 8 dword indices in a ymm register gathering eight qwords (a zmmword).
    Vm32yM512 => vsib(Size::Zmmword, Ymm, "vm32y");
    /// VSIB address with 8 qword indices in a zmm register gathering eight qwords (a zmmword).
    Vm64z => vsib(Size::Zmmword, Zmm, "vm64z");
    /// VSIB address with 8 qword indices in a zmm register gathering eight dwords (a ymmword).
    Vm64zM256 => vsib(Size::Ymmword, Zmm, "vm64z");
    /// MMX register `mm0`..`mm7`.
    Mm => reg(Mm, "mm");
    /// MMX register or dword memory (`punpcklbw mm, mm/m32`).
    MmM32 => reg_mem(Mm, Size::Dword, "mm/m32");
    /// MMX register or qword memory.
    MmM64 => reg_mem(Mm, Size::Qword, "mm/m64");
    /// Mask register `k0`..`k7` as an operand.
    K => reg(K, "k");
    /// Mask register or byte memory (`kmovb`).
    KM8 => reg_mem(K, Size::Byte, "k/m8");
    /// Mask register or word memory.
    KM16 => reg_mem(K, Size::Word, "k/m16");
    /// Mask register or dword memory (`kmovd`).
    KM32 => reg_mem(K, Size::Dword, "k/m32");
    /// Mask register or qword memory (`kmovq`).
    KM64 => reg_mem(K, Size::Qword, "k/m64");
    /// Exactly `st(0)`.
    St0 => fixed(St, 0, "st(0)");
    /// Any x87 stack register `st(i)`.
    Sti => reg(St, "st(i)");
    /// Any segment register.
    Sreg => reg(Seg, "sreg");
    /// A segment register that can be loaded by `mov`: any but `cs`.
    SregW => KindInfo { exclude: Some(1), ..reg(Seg, "sreg") };
    /// Exactly `fs`.
    Fs => fixed(Seg, 4, "fs");
    /// Exactly `gs`.
    Gs => fixed(Seg, 5, "gs");
    /// Control register `cr0`..`cr15`.
    Cr => reg(Cr, "cr0-cr15");
    /// Debug register `dr0`..`dr7`.
    Dr => reg(Dr, "dr0-dr7");
}

impl Kind {
    /// The kind's descriptor.
    pub const fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// The memory size the kind requires: `Some(None)` for any size (`lea`), `None` when it
    /// takes no memory operand.
    pub const fn mem_size(self) -> Option<Option<Size>> {
        match self.info().mem {
            None => None,
            Some(MemKind::Any) => Some(None),
            Some(MemKind::Sized(s))
            | Some(MemKind::Vsib { size: s, .. })
            | Some(MemKind::Abs(s))
            | Some(MemKind::At { size: s, .. }) => Some(Some(s)),
        }
    }

    /// Whether acceptance depends on an operand's value (a fixed or excluded register, the
    /// literal 1, an immediate's range) rather than only on its kind and register class.
    pub const fn is_value_dependent(self) -> bool {
        let i = self.info();
        i.fixed.is_some() || i.exclude.is_some() || i.imm.is_some()
    }

    /// The operand as the Intel manual writes it (`r/m64`, `imm8`, `rel32`, ...).
    pub const fn manual(self) -> &'static str {
        self.info().manual
    }

    /// True for the immediate kinds that have an encoded field.
    pub const fn is_imm(self) -> bool {
        matches!(self.info().imm, Some(ImmInfo { bits, .. }) if bits > 0)
    }

    /// For immediates: the full-width kinds that an immediate hole may take (the short
    /// sign-extended kinds are chosen at run time when the value fits).
    pub const fn takes_imm_hole(self) -> bool {
        self.hole_type().is_some()
    }

    /// The Rust type of an immediate hole in this position (`"i8"` for `imm8`).
    pub const fn hole_type(self) -> Option<&'static str> {
        match self.info().imm {
            Some(ImmInfo { hole, .. }) => hole,
            None => None,
        }
    }

    /// The width in bits of the encoded immediate field (0 if none).
    pub const fn imm_bits(self) -> u32 {
        match self.info().imm {
            Some(i) => i.bits as u32,
            None => 0,
        }
    }

    /// Whether a literal value fits: in range, and with the sign-extension pattern.
    pub fn accepts_value(self, v: i128) -> bool {
        let Some(i) = self.info().imm else { return false };
        imm_fits(v, i.lo, i.hi, i.sext, i.bits)
    }

    /// The register class of the position (for a register hole), if it takes registers.
    pub const fn reg_class(self) -> Option<RegClass> {
        self.info().reg
    }

    /// Whether a register of `class` fits this kind's class (`ah`..`bh` fit the 8-bit kinds).
    pub fn class_fits(self, class: RegClass) -> bool {
        match self.info().reg {
            Some(RegClass::Gpr8) => matches!(class, RegClass::Gpr8 | RegClass::Gpr8High),
            Some(c) => c == class,
            None => false,
        }
    }

    /// True for vector register kinds (xmm, ymm, zmm, with or without memory) and VSIB
    /// addresses.
    pub const fn is_vector(self) -> bool {
        matches!(self.info().reg, Some(RegClass::Xmm | RegClass::Ymm | RegClass::Zmm))
            || matches!(self.info().mem, Some(MemKind::Vsib { .. }))
    }
}

/// Whether `v` fits an immediate field described by [`ImmInfo`]: within `lo..=hi` and, when
/// `sext` is not 0, with a `sext`-bit pattern that sign-extends from `bits` bits. Code the `x86!`
/// macro compiles tests a run-time value with this to choose between an instruction's forms.
#[inline(always)]
pub const fn imm_fits(v: i128, lo: i128, hi: i128, sext: u8, bits: u8) -> bool {
    if v < lo || v > hi {
        return false;
    }
    if sext == 0 {
        return true;
    }
    // The value as the CPU sees it at the operation width, then as a signed number: it must
    // sign-extend from the field.
    let pattern = (v as u128 & ((1u128 << sext) - 1)) as i128;
    let signed = if (pattern >> (sext - 1)) & 1 == 1 { pattern - (1i128 << sext) } else { pattern };
    let half = 1i128 << (bits - 1);
    signed >= -half && signed < half
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_kind() {
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert_eq!(k.info().name, format!("{k:?}"));
            assert!(!k.manual().is_empty(), "{k:?} has no manual name");
        }
    }

    #[test]
    fn immediate_ranges() {
        assert!(Kind::Imm8s64.accepts_value(-1));
        assert!(Kind::Imm8s64.accepts_value(u64::MAX as i128));
        assert!(!Kind::Imm8s64.accepts_value(0xff));
        assert!(Kind::Imm32s.accepts_value(0xffff_ffff_8000_0000));
        assert!(!Kind::Imm32s.accepts_value(0x8000_0000));
        assert!(Kind::Imm8s16.accepts_value(0xff80));
        assert!(!Kind::Imm8s16.accepts_value(0xff7f));
        assert!(Kind::Imm8.accepts_value(255) && !Kind::Imm8.accepts_value(256));
        assert!(Kind::One.accepts_value(1) && !Kind::One.accepts_value(2));
        assert_eq!(Kind::Imm32s.hole_type(), Some("i32"));
        assert_eq!(Kind::Imm8s32.hole_type(), None);
    }
}
