//! The generic encoder: one [`Form`] plus concrete operands -> bytes.
//!
//! It knows prefixes, REX, opcodes, ModRM/SIB/displacement and immediates; it knows no
//! mnemonic. Branch targets and `[rip + label]` become a [`Reloc`] for the assembler to patch.

use crate::error::MatchError;
use crate::isa::{flag, Form, ModRm, Slot};
use crate::operand::{Label, Mem, Operand, Prefix, Reg, RegClass};

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

fn err(operand: Option<usize>, reason: impl Into<String>) -> MatchError {
    MatchError::Encoding { operand, reason: reason.into() }
}

/// Appends the encoding of `form` with `ops` to `out`.
///
/// Returns the relocation of the instruction's label or address field, if it has one. On error
/// `out` is left as it was.
pub fn encode_into(
    form: &Form,
    ops: &[Operand],
    prefix: Option<Prefix>,
    out: &mut Vec<u8>,
) -> Result<Option<Reloc>, MatchError> {
    let start = out.len();
    out.reserve(15); // the longest x86 instruction: no regrowth in the middle of one
    let r = encode_inner(form, ops, prefix, out);
    if r.is_err() {
        out.truncate(start);
    }
    r
}

/// Encodes one instruction into a fresh vector (convenience for tests and tools).
pub fn encode(form: &Form, ops: &[Operand]) -> Result<Vec<u8>, MatchError> {
    let mut v = Vec::with_capacity(15);
    encode_into(form, ops, None, &mut v)?;
    Ok(v)
}

enum Rm {
    None,
    Reg(Reg),
    Mem(Mem, usize),
}

fn encode_inner(
    form: &Form,
    ops: &[Operand],
    prefix: Option<Prefix>,
    out: &mut Vec<u8>,
) -> Result<Option<Reloc>, MatchError> {
    if ops.len() != form.operands.len() {
        return Err(err(None, format!("`{form}` takes {} operand(s)", form.operands.len())));
    }
    let mut reg_field: u8 = match form.modrm {
        ModRm::Digit(d) => d,
        _ => 0,
    };
    let mut rm = Rm::None;
    let mut op_reg: Option<Reg> = None;
    let mut imms: [(i128, u8); 2] = [(0, 0); 2];
    let mut n_imm = 0;
    let mut branch: Option<(RelocTarget, u8)> = None;
    let (mut rex_r, mut rex_x, mut rex_b) = (false, false, false);
    let mut need_rex = false;
    let mut high_byte: Option<usize> = None;

    let mut note_reg = |r: Reg, i: usize| {
        if r.needs_rex() {
            need_rex = true;
        }
        if r.class == RegClass::Gpr8High {
            high_byte = Some(i);
        }
    };

    for (i, ((_, slot), op)) in form.operands.iter().zip(ops).enumerate() {
        match (slot, op) {
            (Slot::Implicit, _) => {}
            (Slot::Reg, Operand::Reg(r)) => {
                note_reg(*r, i);
                reg_field = r.num & 7;
                rex_r = r.is_extended();
            }
            (Slot::RegRm, Operand::Reg(r)) => {
                note_reg(*r, i);
                reg_field = r.num & 7;
                rex_r = r.is_extended();
                rm = Rm::Reg(*r);
                rex_b = r.is_extended();
            }
            (Slot::Rm, Operand::Reg(r)) => {
                note_reg(*r, i);
                rm = Rm::Reg(*r);
                rex_b = r.is_extended();
            }
            (Slot::Rm, Operand::Mem(m)) => rm = Rm::Mem(*m, i),
            (Slot::Op, Operand::Reg(r)) => {
                note_reg(*r, i);
                op_reg = Some(*r);
                rex_b = r.is_extended();
            }
            (Slot::Ib | Slot::Iw | Slot::Id | Slot::Iq, Operand::Imm(v)) => {
                let w = match slot {
                    Slot::Ib => 1,
                    Slot::Iw => 2,
                    Slot::Id => 4,
                    _ => 8,
                };
                if n_imm == imms.len() {
                    return Err(err(Some(i), "too many immediates"));
                }
                imms[n_imm] = (*v, w);
                n_imm += 1;
            }
            (Slot::Cb | Slot::Cd, Operand::Label(l, _)) => {
                branch = Some((RelocTarget::Label(*l), if *slot == Slot::Cb { 1 } else { 4 }))
            }
            (Slot::Cd, Operand::Abs(a)) => branch = Some((RelocTarget::Abs(*a), 4)),
            (_, Operand::Hole(..)) => {
                return Err(err(Some(i), "operand value not known (a hole reached the encoder)"))
            }
            _ => return Err(err(Some(i), format!("operand {} does not fit `{form}`", i + 1))),
        }
    }

    // Memory operand validation and its REX bits.
    let mut addr32 = false;
    if let Rm::Mem(m, i) = &rm {
        let (x, b, a32) = check_mem(m, *i)?;
        rex_x = x;
        rex_b = b;
        addr32 = a32;
    }

    // Prefixes: lock/rep, segment, address size, mandatory/operand size.
    if let Some(p) = prefix {
        let ok = match p {
            Prefix::Lock => form.has_flag(flag::LOCK) && matches!(rm, Rm::Mem(..)),
            Prefix::Rep | Prefix::Repne => form.has_flag(flag::REP),
        };
        if !ok {
            return Err(err(None, format!("`{}` prefix is not allowed on `{form}`", p.name())));
        }
        out.push(p.byte());
    }
    if let Rm::Mem(m, _) = &rm {
        if let Some(s) = m.seg {
            out.push(s.prefix());
        }
    }
    if addr32 {
        out.push(0x67);
    }
    if form.has_flag(flag::O16) {
        out.push(0x66);
    }
    if form.prefix != 0 {
        out.push(form.prefix);
    }
    let rex = 0x40
        | (u8::from(form.rex_w) << 3)
        | (u8::from(rex_r) << 2)
        | (u8::from(rex_x) << 1)
        | u8::from(rex_b);
    if rex != 0x40 || need_rex {
        if let Some(i) = high_byte {
            return Err(err(
                Some(i),
                format!("`{}` cannot be encoded in an instruction that needs a REX prefix", ops[i]),
            ));
        }
        out.push(rex);
    }

    // Opcode, with the register in its low bits for `+r` forms.
    let (last, head) = form.opcode.split_last().expect("opcode is never empty");
    out.extend_from_slice(head);
    out.push(last | op_reg.map_or(0, |r| r.num & 7));

    // ModRM, SIB, displacement.
    let mut reloc = None;
    match rm {
        Rm::None if form.modrm != ModRm::None => {
            return Err(err(None, format!("`{form}` needs a ModRM operand")))
        }
        Rm::None => {}
        Rm::Reg(r) => out.push(0xC0 | (reg_field << 3) | (r.num & 7)),
        Rm::Mem(m, _) => reloc = encode_mem(&m, reg_field, out),
    }

    for &(v, w) in &imms[..n_imm] {
        out.extend_from_slice(&(v as u64).to_le_bytes()[..w as usize]);
    }
    if let Some((target, w)) = branch {
        let at = out.len();
        out.extend_from_slice(&[0u8; 4][..w as usize]);
        return Ok(Some(Reloc { at, width: w, end: out.len(), target, addend: 0 }));
    }
    if let Some(r) = reloc.as_mut() {
        // RIP-relative displacements are measured from the end of the whole instruction,
        // immediates included.
        r.end = out.len();
    }
    Ok(reloc)
}

/// Validates a memory reference; returns (REX.X, REX.B, needs 0x67).
fn check_mem(m: &Mem, i: usize) -> Result<(bool, bool, bool), MatchError> {
    let bad = |reason: String| err(Some(i), reason);
    if !matches!(m.scale, 1 | 2 | 4 | 8) {
        return Err(bad(format!("scale {} is not 1, 2, 4 or 8", m.scale)));
    }
    if m.index.is_none() && m.scale != 1 {
        return Err(bad("a scale needs an index register".into()));
    }
    if i32::try_from(m.disp).is_err() {
        return Err(bad(format!("displacement {} does not fit 32 bits", m.disp)));
    }
    let mut a32 = None;
    for r in [m.base, m.index].into_iter().flatten() {
        let is32 = match r.class {
            RegClass::Gpr64 | RegClass::Rip => false,
            RegClass::Gpr32 => true,
            _ => return Err(bad(format!("`{r}` cannot be used in an address"))),
        };
        if a32.is_some_and(|a| a != is32) {
            return Err(bad("base and index registers must have the same size".into()));
        }
        a32 = Some(is32);
    }
    if let Some(b) = m.base {
        if b.class == RegClass::Rip && m.index.is_some() {
            return Err(bad("`rip` cannot be combined with an index register".into()));
        }
    }
    if let Some(x) = m.index {
        if x.class == RegClass::Rip {
            return Err(bad("`rip` cannot be an index register".into()));
        }
        if x.num == 4 {
            return Err(bad(format!("`{x}` cannot be an index register")));
        }
    }
    if m.label.is_some() && !m.base.is_some_and(|b| b.class == RegClass::Rip) {
        return Err(bad("a label in an address must be `[rip + label]`".into()));
    }
    let x = m.index.is_some_and(|r| r.is_extended());
    let b = m.base.is_some_and(|r| r.class != RegClass::Rip && r.is_extended());
    Ok((x, b, a32 == Some(true)))
}

fn encode_mem(m: &Mem, reg: u8, out: &mut Vec<u8>) -> Option<Reloc> {
    let reg = reg << 3;
    let disp = m.disp as i32;
    match (m.base, m.index) {
        (Some(b), _) if b.class == RegClass::Rip => {
            out.push(reg | 0b101);
            let at = out.len();
            out.extend_from_slice(&disp.to_le_bytes());
            m.label.map(|l| {
                out[at..at + 4].fill(0);
                Reloc { at, width: 4, end: 0, target: RelocTarget::Label(l), addend: m.disp }
            })
        }
        (None, index) => {
            // Absolute disp32 through a SIB with no base (mod=00, base=101).
            out.push(reg | 0b100);
            let idx = index.map_or(0b100, |x| x.num & 7);
            out.push((scale_bits(m.scale) << 6) | (idx << 3) | 0b101);
            out.extend_from_slice(&disp.to_le_bytes());
            None
        }
        (Some(b), index) => {
            let base = b.num & 7;
            let mode = if disp == 0 && base != 0b101 {
                0b00
            } else if i8::try_from(disp).is_ok() {
                0b01
            } else {
                0b10
            };
            if index.is_none() && base != 0b100 {
                out.push((mode << 6) | reg | base);
            } else {
                out.push((mode << 6) | reg | 0b100);
                let idx = index.map_or(0b100, |x| x.num & 7);
                out.push((scale_bits(m.scale) << 6) | (idx << 3) | base);
            }
            match mode {
                0b01 => out.push(disp as u8),
                0b10 => out.extend_from_slice(&disp.to_le_bytes()),
                _ => {}
            }
            None
        }
    }
}

fn scale_bits(s: u8) -> u8 {
    match s {
        2 => 1,
        4 => 2,
        8 => 3,
        _ => 0,
    }
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
