//! The operand model: registers, memory references, immediates and branch targets.
//!
//! Everything here prints itself in Intel syntax, so error messages and listings
//! show operands the way a user wrote them. The typed register newtypes
//! ([`Gpr64`], [`Gpr32`], [`Gpr16`], [`Gpr8`], [`Xmm`]) are what register holes
//! (`r64{expr}` and friends in the `x86!` macro) accept, so passing an XMM
//! register where a 64-bit GP register belongs is a rustc type error.

use std::fmt;

/// The class of a register: which file it lives in and how wide it is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum RegClass {
    /// `al`..`r15b`, including `spl`, `bpl`, `sil`, `dil` (numbers 4..7 need REX).
    Gpr8,
    /// `ah`, `ch`, `dh`, `bh`: encoded as 4..7 and unusable with a REX prefix.
    Gpr8High,
    /// `ax`..`r15w`.
    Gpr16,
    /// `eax`..`r15d`.
    Gpr32,
    /// `rax`..`r15`.
    Gpr64,
    /// `xmm0`..`xmm15`.
    Xmm,
    /// The instruction pointer, only valid as a memory base (`[rip + disp]`).
    Rip,
}

impl RegClass {
    /// Width in bits of a register of this class (0 for `rip`).
    pub const fn bits(self) -> u32 {
        match self {
            RegClass::Gpr8 | RegClass::Gpr8High => 8,
            RegClass::Gpr16 => 16,
            RegClass::Gpr32 => 32,
            RegClass::Gpr64 => 64,
            RegClass::Xmm => 128,
            RegClass::Rip => 64,
        }
    }

    /// A short human name of the class, used in messages.
    pub const fn describe(self) -> &'static str {
        match self {
            RegClass::Gpr8 | RegClass::Gpr8High => "8-bit register",
            RegClass::Gpr16 => "16-bit register",
            RegClass::Gpr32 => "32-bit register",
            RegClass::Gpr64 => "64-bit register",
            RegClass::Xmm => "xmm register",
            RegClass::Rip => "rip",
        }
    }
}

/// A machine register: its class and its 4-bit hardware number.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reg {
    /// Register file and width.
    pub class: RegClass,
    /// Hardware number 0..=15 (for [`RegClass::Gpr8High`], 4..=7).
    pub num: u8,
}

const GPR64: [&str; 16] = [
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
    "r15",
];
const GPR32: [&str; 16] = [
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d",
    "r14d", "r15d",
];
const GPR16: [&str; 16] = [
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w",
    "r15w",
];
const GPR8: [&str; 16] = [
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b",
    "r15b",
];
const GPR8H: [&str; 4] = ["ah", "ch", "dh", "bh"];
const XMM: [&str; 16] = [
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
    "xmm12", "xmm13", "xmm14", "xmm15",
];

impl Reg {
    /// A register of `class` numbered `num`.
    pub const fn new(class: RegClass, num: u8) -> Reg {
        Reg { class, num }
    }

    /// Looks a register up by its Intel name (case-insensitive): `rax`, `r9d`, `ah`, `xmm3`, `rip`.
    pub fn from_name(name: &str) -> Option<Reg> {
        let lower = name.to_ascii_lowercase();
        let n = lower.as_str();
        if n == "rip" {
            return Some(Reg::new(RegClass::Rip, 0));
        }
        let tables: [(&[&str], RegClass); 5] = [
            (&GPR64, RegClass::Gpr64),
            (&GPR32, RegClass::Gpr32),
            (&GPR16, RegClass::Gpr16),
            (&GPR8, RegClass::Gpr8),
            (&XMM, RegClass::Xmm),
        ];
        for (names, class) in tables {
            if let Some(i) = names.iter().position(|x| *x == n) {
                return Some(Reg::new(class, i as u8));
            }
        }
        if let Some(i) = GPR8H.iter().position(|x| *x == n) {
            return Some(Reg::new(RegClass::Gpr8High, 4 + i as u8));
        }
        // llvm-mc and GNU as also accept the `r8l` spelling of `r8b`.
        if let Some(stem) = n.strip_prefix('r').and_then(|s| s.strip_suffix('l')) {
            if let Ok(k) = stem.parse::<u8>() {
                if (8..16).contains(&k) {
                    return Some(Reg::new(RegClass::Gpr8, k));
                }
            }
        }
        None
    }

    /// The Intel name of the register.
    pub fn name(self) -> &'static str {
        let i = (self.num & 15) as usize;
        match self.class {
            RegClass::Gpr64 => GPR64[i],
            RegClass::Gpr32 => GPR32[i],
            RegClass::Gpr16 => GPR16[i],
            RegClass::Gpr8 => GPR8[i],
            RegClass::Gpr8High => GPR8H[(i.saturating_sub(4)) & 3],
            RegClass::Xmm => XMM[i],
            RegClass::Rip => "rip",
        }
    }

    /// True for the registers numbered 8..15, whose number needs a REX (or VEX) extension bit.
    pub const fn is_extended(self) -> bool {
        self.num >= 8
    }

    /// True for `spl`, `bpl`, `sil`, `dil` and `r8b`..`r15b`: byte registers that exist only with REX.
    pub const fn needs_rex(self) -> bool {
        matches!(self.class, RegClass::Gpr8) && self.num >= 4
    }
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

macro_rules! typed_regs {
    ($(#[$doc:meta])* $ty:ident, $class:ident, [$($c:ident = $n:expr),* $(,)?]) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $ty(u8);

        impl $ty {
            $(
                #[doc = concat!("The register `", stringify!($c), "`.")]
                pub const $c: $ty = $ty($n);
            )*

            /// The register with hardware number `num` (0..=15), or `None`.
            pub const fn from_num(num: u8) -> Option<$ty> {
                if num < 16 { Some($ty(num)) } else { None }
            }

            /// The hardware number 0..=15.
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
    Gpr64, Gpr64, [RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
    R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15]
);
typed_regs!(
    /// A 32-bit general-purpose register, the Rust type of an `r32{expr}` hole.
    Gpr32, Gpr32, [EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7,
    R8D = 8, R9D = 9, R10D = 10, R11D = 11, R12D = 12, R13D = 13, R14D = 14, R15D = 15]
);
typed_regs!(
    /// A 16-bit general-purpose register, the Rust type of an `r16{expr}` hole.
    Gpr16, Gpr16, [AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7,
    R8W = 8, R9W = 9, R10W = 10, R11W = 11, R12W = 12, R13W = 13, R14W = 14, R15W = 15]
);
typed_regs!(
    /// A low 8-bit general-purpose register (`al`..`r15b`), the Rust type of an `r8{expr}` hole.
    /// The legacy high-byte registers `ah`..`bh` can only be written literally.
    Gpr8, Gpr8, [AL = 0, CL = 1, DL = 2, BL = 3, SPL = 4, BPL = 5, SIL = 6, DIL = 7,
    R8B = 8, R9B = 9, R10B = 10, R11B = 11, R12B = 12, R13B = 13, R14B = 14, R15B = 15]
);
typed_regs!(
    /// An SSE register, the Rust type of an `xmm{expr}` hole.
    Xmm, Xmm, [XMM0 = 0, XMM1 = 1, XMM2 = 2, XMM3 = 3, XMM4 = 4, XMM5 = 5, XMM6 = 6, XMM7 = 7,
    XMM8 = 8, XMM9 = 9, XMM10 = 10, XMM11 = 11, XMM12 = 12, XMM13 = 13, XMM14 = 14, XMM15 = 15]
);

/// The size keyword of a memory operand.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Size {
    /// `byte ptr`: 8 bits.
    Byte,
    /// `word ptr`: 16 bits.
    Word,
    /// `dword ptr`: 32 bits.
    Dword,
    /// `qword ptr`: 64 bits.
    Qword,
    /// `xmmword ptr`: 128 bits.
    Xmmword,
    /// `ymmword ptr`: 256 bits.
    Ymmword,
    /// `zmmword ptr`: 512 bits.
    Zmmword,
}

impl Size {
    /// Parses a size keyword (`byte`, `word`, `dword`, `qword`, `xmmword`, `ymmword`, `zmmword`).
    pub fn from_keyword(s: &str) -> Option<Size> {
        Some(match s.to_ascii_lowercase().as_str() {
            "byte" => Size::Byte,
            "word" => Size::Word,
            "dword" => Size::Dword,
            "qword" => Size::Qword,
            "xmmword" | "oword" => Size::Xmmword,
            "ymmword" => Size::Ymmword,
            "zmmword" => Size::Zmmword,
            _ => return None,
        })
    }

    /// Width in bits.
    pub const fn bits(self) -> u32 {
        match self {
            Size::Byte => 8,
            Size::Word => 16,
            Size::Dword => 32,
            Size::Qword => 64,
            Size::Xmmword => 128,
            Size::Ymmword => 256,
            Size::Zmmword => 512,
        }
    }

    /// The keyword as written in Intel syntax.
    pub const fn keyword(self) -> &'static str {
        match self {
            Size::Byte => "byte",
            Size::Word => "word",
            Size::Dword => "dword",
            Size::Qword => "qword",
            Size::Xmmword => "xmmword",
            Size::Ymmword => "ymmword",
            Size::Zmmword => "zmmword",
        }
    }
}

/// A segment override prefix on a memory operand (`fs:[...]`, `gs:[...]`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    /// `es:` (0x26)
    Es,
    /// `cs:` (0x2E)
    Cs,
    /// `ss:` (0x36)
    Ss,
    /// `ds:` (0x3E)
    Ds,
    /// `fs:` (0x64)
    Fs,
    /// `gs:` (0x65)
    Gs,
}

impl Seg {
    /// Parses `es`, `cs`, `ss`, `ds`, `fs`, `gs`.
    pub fn from_name(s: &str) -> Option<Seg> {
        Some(match s.to_ascii_lowercase().as_str() {
            "es" => Seg::Es,
            "cs" => Seg::Cs,
            "ss" => Seg::Ss,
            "ds" => Seg::Ds,
            "fs" => Seg::Fs,
            "gs" => Seg::Gs,
            _ => return None,
        })
    }

    /// The prefix byte.
    pub const fn prefix(self) -> u8 {
        match self {
            Seg::Es => 0x26,
            Seg::Cs => 0x2E,
            Seg::Ss => 0x36,
            Seg::Ds => 0x3E,
            Seg::Fs => 0x64,
            Seg::Gs => 0x65,
        }
    }

    /// The name as written.
    pub const fn name(self) -> &'static str {
        match self {
            Seg::Es => "es",
            Seg::Cs => "cs",
            Seg::Ss => "ss",
            Seg::Ds => "ds",
            Seg::Fs => "fs",
            Seg::Gs => "gs",
        }
    }
}

/// A label known to an [`Assembler`](crate::Assembler): a small integer handle.
///
/// Create one at run time with [`Assembler::new_label`](crate::Assembler::new_label), pass it
/// into `x86!` as `{label}` in a branch or `[rip + {label}]`, and bind it with `{label}:`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub(crate) u32);

impl Label {
    /// The raw index of the label inside its assembler.
    pub const fn index(self) -> u32 {
        self.0
    }

    /// A label handle from a raw index (used by generated code and the text assembler).
    pub const fn from_index(i: u32) -> Label {
        Label(i)
    }
}

/// A size override on a branch target: `jmp short l` or `jmp near l`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum BranchHint {
    /// Let the assembler pick the shortest form that reaches.
    #[default]
    Auto,
    /// `short`: rel8 only; an out-of-range target is an error.
    Short,
    /// `near`: always rel32.
    Near,
}

/// A memory reference `seg:[base + index*scale + disp]` or `[rip + label]`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Mem {
    /// The size keyword, if one was written.
    pub size: Option<Size>,
    /// A segment override.
    pub seg: Option<Seg>,
    /// Base register (64- or 32-bit GP, or `rip`).
    pub base: Option<Reg>,
    /// Index register (64- or 32-bit GP, never `rsp`).
    pub index: Option<Reg>,
    /// 1, 2, 4 or 8.
    pub scale: u8,
    /// Displacement; must fit a sign-extended 32-bit field.
    pub disp: i64,
    /// `[rip + label]`: the displacement is measured to this label at layout time.
    pub label: Option<Label>,
}

impl Mem {
    /// `[base]`.
    pub fn base(base: impl Into<Reg>) -> Mem {
        Mem { base: Some(base.into()), scale: 1, ..Mem::default() }
    }

    /// `[base + disp]`.
    pub fn base_disp(base: impl Into<Reg>, disp: i32) -> Mem {
        Mem { base: Some(base.into()), scale: 1, disp: disp as i64, ..Mem::default() }
    }

    /// `[base + index*scale + disp]`.
    pub fn sib(base: impl Into<Reg>, index: impl Into<Reg>, scale: u8, disp: i32) -> Mem {
        Mem { base: Some(base.into()), index: Some(index.into()), scale, disp: disp as i64, ..Mem::default() }
    }

    /// `[rip + label]`.
    pub fn rip_label(label: Label) -> Mem {
        Mem { base: Some(Reg::new(RegClass::Rip, 0)), scale: 1, label: Some(label), ..Mem::default() }
    }

    /// The same reference with a size keyword.
    pub fn sized(mut self, size: Size) -> Mem {
        self.size = Some(size);
        self
    }
}

impl fmt::Display for Mem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.size {
            write!(f, "{} ptr ", s.keyword())?;
        }
        if let Some(s) = self.seg {
            write!(f, "{}:", s.name())?;
        }
        f.write_str("[")?;
        let mut first = true;
        if let Some(b) = self.base {
            write!(f, "{b}")?;
            first = false;
        }
        if let Some(i) = self.index {
            if !first {
                f.write_str(" + ")?;
            }
            write!(f, "{i}*{}", self.scale)?;
            first = false;
        }
        if let Some(l) = self.label {
            if !first {
                f.write_str(" + ")?;
            }
            write!(f, "L{}", l.0)?;
            first = false;
        }
        if first {
            write!(f, "{:#x}", self.disp)?;
        } else if self.disp > 0 {
            write!(f, " + {:#x}", self.disp)?;
        } else if self.disp < 0 {
            write!(f, " - {:#x}", self.disp.unsigned_abs())?;
        }
        f.write_str("]")
    }
}

/// What a hole (`{expr}` in the `x86!` macro) stands for, as far as form matching knows.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum HoleKind {
    /// An immediate of unknown value.
    Imm,
    /// A register of a known class (`r64{e}`, `xmm{e}`, ...).
    Reg(RegClass),
    /// A branch target: a [`Label`], a symbol or an absolute address.
    Target,
}

/// One operand of an instruction, as matched against the table and encoded.
///
/// The hole variants only occur while the `x86!` macro matches an instruction whose
/// values are not known until run time; the encoder rejects them.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Operand {
    /// A register.
    Reg(Reg),
    /// An immediate; wide enough to hold every i64 and u64 literal so range checks are exact.
    Imm(i128),
    /// A memory reference.
    Mem(Mem),
    /// A label used as a branch target.
    Label(Label, BranchHint),
    /// An absolute code address used as a call or jump target (a C function, say).
    Abs(u64),
    /// A not-yet-known value (macro holes only).
    Hole(HoleKind, BranchHint),
}

impl Operand {
    /// A short description used in "expected ..., found ..." messages.
    pub fn describe(&self) -> String {
        match self {
            Operand::Reg(r) => format!("register `{r}`"),
            Operand::Imm(v) => format!("immediate {v}"),
            Operand::Mem(m) => match m.size {
                Some(s) => format!("{} memory operand", s.keyword()),
                None => "memory operand without size".to_string(),
            },
            Operand::Label(..) => "label".to_string(),
            Operand::Abs(_) => "absolute address".to_string(),
            Operand::Hole(HoleKind::Imm, _) => "immediate expression".to_string(),
            Operand::Hole(HoleKind::Reg(c), _) => format!("{} expression", c.describe()),
            Operand::Hole(HoleKind::Target, _) => "branch target expression".to_string(),
        }
    }
}

impl From<Reg> for Operand {
    fn from(r: Reg) -> Operand {
        Operand::Reg(r)
    }
}
impl From<Gpr64> for Operand {
    fn from(r: Gpr64) -> Operand {
        Operand::Reg(r.into())
    }
}
impl From<Gpr32> for Operand {
    fn from(r: Gpr32) -> Operand {
        Operand::Reg(r.into())
    }
}
impl From<Gpr16> for Operand {
    fn from(r: Gpr16) -> Operand {
        Operand::Reg(r.into())
    }
}
impl From<Gpr8> for Operand {
    fn from(r: Gpr8) -> Operand {
        Operand::Reg(r.into())
    }
}
impl From<Xmm> for Operand {
    fn from(r: Xmm) -> Operand {
        Operand::Reg(r.into())
    }
}
impl From<Mem> for Operand {
    fn from(m: Mem) -> Operand {
        Operand::Mem(m)
    }
}
impl From<Label> for Operand {
    fn from(l: Label) -> Operand {
        Operand::Label(l, BranchHint::Auto)
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Reg(r) => write!(f, "{r}"),
            Operand::Imm(v) => write!(f, "{v}"),
            Operand::Mem(m) => write!(f, "{m}"),
            Operand::Label(l, _) => write!(f, "L{}", l.0),
            Operand::Abs(a) => write!(f, "{a:#x}"),
            Operand::Hole(..) => f.write_str("{..}"),
        }
    }
}

/// An instruction prefix written before the mnemonic.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Prefix {
    /// `lock` (0xF0): only on forms that allow it, with a memory destination.
    Lock,
    /// `rep` / `repe` / `repz` (0xF3): only on string instructions.
    Rep,
    /// `repne` / `repnz` (0xF2): only on string instructions.
    Repne,
}

impl Prefix {
    /// Parses a prefix keyword.
    pub fn from_name(s: &str) -> Option<Prefix> {
        Some(match s.to_ascii_lowercase().as_str() {
            "lock" => Prefix::Lock,
            "rep" | "repe" | "repz" => Prefix::Rep,
            "repne" | "repnz" => Prefix::Repne,
            _ => return None,
        })
    }

    /// The prefix byte.
    pub const fn byte(self) -> u8 {
        match self {
            Prefix::Lock => 0xF0,
            Prefix::Rep => 0xF3,
            Prefix::Repne => 0xF2,
        }
    }

    /// The keyword.
    pub const fn name(self) -> &'static str {
        match self {
            Prefix::Lock => "lock",
            Prefix::Rep => "rep",
            Prefix::Repne => "repne",
        }
    }
}

/// Where a `call` or `jmp` goes: a label of the assembler or an absolute address.
///
/// A branch-target hole (`call {f}`, `jmp {l}`) accepts anything that converts into a
/// `Target`: a [`Label`], a [`Sym`](crate::sym::Sym) from `dlsym`, or a raw address.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A label of the same assembler.
    Label(Label),
    /// An absolute code address.
    Addr(u64),
}

impl From<Label> for Target {
    fn from(l: Label) -> Target {
        Target::Label(l)
    }
}

impl From<u64> for Target {
    fn from(a: u64) -> Target {
        Target::Addr(a)
    }
}

impl From<usize> for Target {
    fn from(a: usize) -> Target {
        Target::Addr(a as u64)
    }
}

impl<T> From<*const T> for Target {
    fn from(p: *const T) -> Target {
        Target::Addr(p as usize as u64)
    }
}
