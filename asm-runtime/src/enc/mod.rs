//! The generic encoder: one [`Form`] plus operands the matcher accepted -> bytes.
//!
//! Encoding cannot fail: everything that could make an instruction unencodable (memory shape,
//! scale, displacement range, `rsp` as an index, mixed address sizes, a high-byte register with
//! REX, `lock`/`rep` permission, registers only EVEX can name, decorations the row does not
//! allow) is checked by [`matcher::check`], which
//! [`find`](crate::isa::matcher::find) and [`rematch`](crate::isa::matcher::rematch) run. The
//! encoder never names a mnemonic. It is a pipeline of small stages:
//!
//! 1. **place** ([`place`]): walk the row's operands by [`Slot`] and collect the fields: ModRM.reg
//!    (register or `/digit`), ModRM.rm (register or memory), `vvvv`, the opcode register, `/is4`,
//!    immediates and the branch target. A pure function of the operands.
//! 2. **outer prefixes**: `9B` of the waiting x87 forms, `lock`/`rep`, segment override, 0x67
//!    address size.
//! 3. **scheme prefix and opcode**: one writer per scheme: [`legacy`] (66/F2/F3, REX, escape
//!    bytes, `+r`), [`vex`] (2-byte C5 when possible, else C4), [`evex`] (62 with R', V', X, aaa,
//!    z, b, L'L), and x87 (`st(i)` added to the second byte).
//! 4. **ModRM, SIB, displacement** ([`modrm`]), shared by all schemes; EVEX passes its disp8*N
//!    scale, and VSIB addresses put a vector register in SIB.index.
//! 5. **immediates**, `/is4`, and branch fields.
//!
//! Each scheme splits what a row contributes without operands from the run-time fills:
//! [`legacy::rex_template`], [`vex::template`], [`evex::template`] and [`modrm::fixed_bits`]
//! depend on the row only (prefix template, opcode, fixed ModRM bits), and
//! [`legacy::rex_fill`], [`vex::fill`], [`evex::fill`], [`modrm::reg_byte`] are small pure
//! functions of register numbers and values that OR/XOR into those templates. Code that knows
//! its row at compile time can therefore emit the template as constants and compute only the
//! fills at run time.
//!
//! Branch targets and `[rip + label]` become a [`Reloc`] for the assembler to patch.

use crate::ast::Decorations;
use crate::error::MatchError;
use crate::isa::{flag, matcher, Form, MemKind, ModRm, Scheme, Slot};
use crate::operand::{Label, Mem, Operand, Prefix, Reg, RegClass, Seg};

pub mod evex;
pub mod legacy;
pub mod modrm;
pub mod spec;
pub mod vex;

/// Where the encoder's stages write bytes: a `Vec` for the generic encoder, a fixed
/// [`spec::Spec`] buffer for code compiled by the `x86!` macro.
pub trait Out {
    /// Appends one byte.
    fn push(&mut self, b: u8);
    /// Appends bytes.
    fn extend(&mut self, b: &[u8]);
    /// Appends `b` when `keep` holds. A fixed buffer stores it either way and advances by
    /// `keep`, so an optional byte (REX, SIB) costs no branch.
    fn push_if(&mut self, b: u8, keep: bool);
    /// Appends the first `n` (0 to 4) bytes of `b`; a fixed buffer stores all four and advances
    /// by `n`.
    fn extend_n(&mut self, b: [u8; 4], n: usize);
}

impl Out for Vec<u8> {
    #[inline(always)]
    fn push(&mut self, b: u8) {
        Vec::push(self, b);
    }
    #[inline(always)]
    fn extend(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
    #[inline(always)]
    fn push_if(&mut self, b: u8, keep: bool) {
        if keep {
            Vec::push(self, b);
        }
    }
    #[inline(always)]
    fn extend_n(&mut self, b: [u8; 4], n: usize) {
        self.extend_from_slice(&b[..n.min(4)]);
    }
}

/// What a relocated field points at.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RelocTarget {
    /// A label of the assembler.
    Label(Label),
    /// An absolute address (a C function, say).
    Abs(u64),
}

/// A field of an encoded instruction to be filled in once the target's address is known.
///
/// The value stored is `target + addend - end`, where `end` is the address just past the
/// instruction: x86 measures rel8, rel32 and RIP-relative displacements from there.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Reloc {
    /// Index in the output buffer where the field starts.
    pub at: usize,
    /// Field width in bytes: 1 or 4.
    pub width: u8,
    /// Index in the output buffer just past the instruction.
    pub end: usize,
    /// What the field points at.
    pub target: RelocTarget,
    /// Added to the target address (the `disp` of `[rip + label + disp]`).
    pub addend: i64,
}

/// The ModRM.rm operand.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Rm {
    /// No ModRM byte.
    None,
    /// A register (mod = 11), by full number (0..31).
    Reg(u8),
    /// A memory operand (normalized).
    Mem(Mem),
}

/// The operand fields of one instruction, by destination (stage 1 of the pipeline).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    /// ModRM.reg: a register's full number (0..31) or the `/digit`.
    pub reg: u8,
    /// ModRM.rm.
    pub rm: Rm,
    /// The `vvvv` register's full number (0..31), if the row has one.
    pub vvvv: Option<u8>,
    /// The register added to the opcode's low bits (0..15).
    pub op_reg: u8,
    /// The `/is4` register (0..15).
    pub is4: Option<u8>,
    /// Immediates in order: the value's 64-bit pattern and the width in bytes (0 unused).
    pub imms: [(u64, u8); 2],
    /// A branch target and its field width.
    pub branch: Option<(RelocTarget, u8)>,
    /// A byte register that exists only with REX (`spl`..`dil`, `r8b`..) is named.
    pub byte_rex: bool,
    /// The segment override of the memory operand (ModRM, `moffs` or a string source).
    pub seg: Option<Seg>,
}

/// Stage 1: the fields of `ops` placed by `form`'s slots. Operands that do not fit their
/// slot (which the matcher never lets through) are ignored.
#[inline(always)]
pub fn place(form: &Form, ops: &[Operand]) -> Fields {
    let mut f = Fields {
        reg: match form.modrm {
            ModRm::Digit(d) => d,
            _ => 0,
        },
        rm: Rm::None,
        vvvv: None,
        op_reg: 0,
        is4: None,
        imms: [(0, 0); 2],
        branch: None,
        byte_rex: false,
        seg: None,
    };
    let mut n_imm = 0;
    for ((kind, slot), op) in form.operands.iter().zip(ops) {
        if let Operand::Reg(r) = op {
            f.byte_rex |= *slot != Slot::Implicit && r.needs_rex();
        }
        match (slot, op) {
            (Slot::Reg, Operand::Reg(r)) => f.reg = r.num,
            (Slot::RegRm, Operand::Reg(r)) => (f.reg, f.rm) = (r.num, Rm::Reg(r.num)),
            (Slot::Rm, Operand::Reg(r)) => f.rm = Rm::Reg(r.num),
            (Slot::Rm, Operand::Mem(m)) => (f.rm, f.seg) = (Rm::Mem(normalized(m)), m.seg),
            (Slot::Moffs, Operand::Mem(m)) if n_imm < 2 => {
                f.imms[n_imm] = (m.disp as u64, 8);
                n_imm += 1;
                f.seg = m.seg;
            }
            // A string source `[rsi]` (or `xlat`'s `[rbx]`) keeps its override; `es:[rdi]` has
            // none to give.
            (Slot::Implicit, Operand::Mem(m)) if matches!(kind.info().mem, Some(MemKind::At { base, .. }) if base != 7) => {
                f.seg = m.seg
            }
            (Slot::Op, Operand::Reg(r)) => f.op_reg = r.num & 15,
            (Slot::Vvvv, Operand::Reg(r)) => f.vvvv = Some(r.num),
            (Slot::Is4, Operand::Reg(r)) => f.is4 = Some(r.num & 15),
            (Slot::Ib | Slot::Iw | Slot::Id | Slot::Iq, Operand::Imm(v)) if n_imm < 2 => {
                let w = match slot {
                    Slot::Ib => 1,
                    Slot::Iw => 2,
                    Slot::Id => 4,
                    _ => 8,
                };
                f.imms[n_imm] = (*v as u64, w);
                n_imm += 1;
            }
            (Slot::Cb | Slot::Cd, Operand::Label(l, _)) => {
                f.branch = Some((RelocTarget::Label(*l), if *slot == Slot::Cb { 1 } else { 4 }))
            }
            (Slot::Cd, Operand::Abs(a)) => f.branch = Some((RelocTarget::Abs(*a), 4)),
            _ => {}
        }
    }
    f
}

/// Appends the encoding of `form` with `ops` and decorations `deco` to `out`.
///
/// The operands must be ones the matcher accepted for `form` (`find`, `rematch`, or
/// `accepts_all` followed by `check`); then this cannot fail. Returns the relocation of the
/// instruction's label or address field, if it has one.
pub fn encode_into(
    form: &Form,
    prefix: Option<Prefix>,
    ops: &[Operand],
    deco: &Decorations,
    out: &mut Vec<u8>,
) -> Option<Reloc> {
    out.reserve(15); // the longest x86 instruction: no regrowth in the middle of one
    let f = place(form, ops);
    if form.has_flag(flag::WAIT) {
        out.push(0x9B);
    }
    outer_prefixes(prefix, &f, out);
    let mut disp_scale = 1;
    match &form.scheme {
        Scheme::Legacy(l) => legacy::write(l, form, &f, out),
        Scheme::Vex(v) => vex::write(v, form.opcode[0], &f, out),
        Scheme::Evex(e) => disp_scale = evex::write(e, form, &f, deco, out),
        Scheme::X87 => out.extend_from_slice(&[form.opcode[0], form.opcode[1] | (f.op_reg & 7)]),
    }
    let mut reloc = match f.rm {
        Rm::None => None,
        Rm::Reg(r) => {
            out.push(modrm::reg_byte(modrm::fixed_bits(form.modrm) | ((f.reg & 7) << 3), r));
            None
        }
        Rm::Mem(m) => modrm::write_mem(&m, f.reg, disp_scale, out),
    };
    write_immediates(&f, out);
    if let Some((target, w)) = f.branch {
        let at = out.len();
        out.extend_from_slice(&[0u8; 4][..w as usize]);
        return Some(Reloc { at, width: w, end: out.len(), target, addend: 0 });
    }
    if let Some(r) = reloc.as_mut() {
        // RIP-relative displacements are measured from the end of the whole instruction,
        // immediates included.
        r.end = out.len();
    }
    reloc
}

/// Stage 2: `lock`/`rep`, the segment override and the address-size prefix.
#[inline(always)]
fn outer_prefixes(prefix: Option<Prefix>, f: &Fields, out: &mut Vec<u8>) {
    if let Some(p) = prefix {
        out.push(p.byte());
    }
    if let Some(s) = f.seg {
        out.push(s.prefix());
    }
    if let Rm::Mem(m) = &f.rm {
        if modrm::is_addr32(m) {
            out.push(0x67);
        }
    }
}

/// Stage 5: immediates in operand order, then the `/is4` register byte.
#[inline(always)]
fn write_immediates(f: &Fields, out: &mut Vec<u8>) {
    for &(v, w) in &f.imms {
        out.extend_from_slice(&v.to_le_bytes()[..w as usize]);
    }
    if let Some(r) = f.is4 {
        out.push(r << 4);
    }
}

/// Checks `ops` and `deco` against `form` and encodes them (for tests and tools).
pub fn encode_with(
    form: &'static Form,
    prefix: Option<Prefix>,
    ops: &[Operand],
    deco: &Decorations,
) -> Result<Vec<u8>, MatchError> {
    matcher::check(form, prefix, ops, deco)?;
    let mut v = Vec::with_capacity(15);
    encode_into(form, prefix, ops, deco, &mut v);
    Ok(v)
}

/// Encodes one undecorated instruction into a fresh vector, checking the operands first.
pub fn encode(form: &'static Form, ops: &[Operand]) -> Result<Vec<u8>, MatchError> {
    encode_with(form, None, ops, &Decorations::default())
}

/// `m` as encoded: `[rax + rsp]` becomes `[rsp + rax]` (see [`normalize_mem`]).
pub fn normalized(m: &Mem) -> Mem {
    let mut m = *m;
    normalize_mem(&mut m);
    m
}

/// Normalizes a memory operand the way llvm-mc and GNU as do: `[rax + rsp]` becomes
/// `[rsp + rax]` (rsp cannot be an index, and with scale 1 base and index commute).
pub fn normalize_mem(m: &mut Mem) {
    if let (Some(b), Some(x)) = (m.base, m.index) {
        if x.num == 4 && matches!(x.class, RegClass::Gpr64 | RegClass::Gpr32) && m.scale == 1 && b.num != 4 {
            m.base = Some(x);
            m.index = Some(b);
        }
    }
}

/// Whether `r` needs an extension bit beyond ModRM's three (REX/VEX/EVEX .R/.X/.B).
pub(crate) const fn bit3(r: u8) -> bool {
    r & 8 != 0
}

/// Whether `r` needs EVEX's fifth register bit (R', V', X for registers 16..31).
pub(crate) const fn bit4(r: u8) -> bool {
    r & 16 != 0
}

/// The register numbers a memory operand contributes: (base, index), 0 when absent or `rip`.
pub(crate) fn mem_regs(m: &Mem) -> (u8, u8) {
    let num = |r: Option<Reg>| r.filter(|r| r.class != RegClass::Rip).map_or(0, |r| r.num);
    (num(m.base), num(m.index))
}
