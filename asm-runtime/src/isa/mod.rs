//! The instruction set: operand kinds, slots, encoding recipes and the table of forms.
//!
//! [`FORMS`] (built by the `table` module) is the single source of truth. Each row names a mnemonic, the
//! kind and slot of every operand, and a recipe (mandatory prefix, REX.W, opcode bytes, ModRM
//! role). The [`matcher`] picks the first row that accepts a list of operands; the
//! [`encoder`](crate::enc) turns a row plus operands into bytes without knowing any mnemonic.

use std::fmt;

use crate::operand::Size;

pub mod matcher;
mod table;

pub use table::{FormId, FORMS};

/// What an operand position accepts.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 8-bit GP register (including `ah`..`bh`).
    R8,
    /// 16-bit GP register.
    R16,
    /// 32-bit GP register.
    R32,
    /// 64-bit GP register.
    R64,
    /// 8-bit register or byte memory.
    Rm8,
    /// 16-bit register or word memory.
    Rm16,
    /// 32-bit register or dword memory.
    Rm32,
    /// 64-bit register or qword memory.
    Rm64,
    /// Byte memory.
    M8,
    /// Word memory.
    M16,
    /// Dword memory.
    M32,
    /// Qword memory.
    M64,
    /// Xmmword memory.
    M128,
    /// Memory of any size (`lea`, `nop`-style address-only uses).
    M,
    /// Exactly `al`.
    Al,
    /// Exactly `ax`.
    Ax,
    /// Exactly `eax`.
    Eax,
    /// Exactly `rax`.
    Rax,
    /// Exactly `cl`.
    Cl,
    /// Exactly `dx`.
    Dx,
    /// The literal 1 (shift-by-one forms).
    One,
    /// The literal 3 (`int 3`, which assemblers encode as the one-byte `int3`).
    Three,
    /// 8-bit immediate for an 8-bit operation: -128..=255.
    Imm8,
    /// 16-bit immediate: -32768..=65535.
    Imm16,
    /// 32-bit immediate for a 32-bit operation: -2^31..=2^32-1.
    Imm32,
    /// 32-bit immediate sign-extended to 64 bits: a value whose 64-bit pattern fits i32.
    Imm32s,
    /// 64-bit immediate: any i64 or u64 value.
    Imm64,
    /// imm8 sign-extended to 16 bits.
    Imm8s16,
    /// imm8 sign-extended to 32 bits.
    Imm8s32,
    /// imm8 sign-extended to 64 bits.
    Imm8s64,
    /// 8-bit displacement from the end of the instruction to a label.
    Rel8,
    /// 32-bit displacement from the end of the instruction to a label or address.
    Rel32,
    /// XMM register.
    Xmm,
    /// XMM register or dword memory.
    XmmM32,
    /// XMM register or qword memory.
    XmmM64,
    /// XMM register or xmmword memory.
    XmmM128,
}

impl Kind {
    /// The memory size the kind requires: `Some(None)` for any size (`lea`), `None` when it
    /// takes no memory operand.
    pub const fn mem_size(self) -> Option<Option<Size>> {
        Some(Some(match self {
            Kind::Rm8 | Kind::M8 => Size::Byte,
            Kind::Rm16 | Kind::M16 => Size::Word,
            Kind::Rm32 | Kind::M32 | Kind::XmmM32 => Size::Dword,
            Kind::Rm64 | Kind::M64 | Kind::XmmM64 => Size::Qword,
            Kind::M128 | Kind::XmmM128 => Size::Xmmword,
            Kind::M => return Some(None),
            _ => return None,
        }))
    }

    /// Whether acceptance depends on an operand's value (a fixed register, the literal 1, an
    /// immediate's range) rather than only on its kind and register class.
    pub const fn is_value_dependent(self) -> bool {
        self.is_imm()
            || matches!(
                self,
                Kind::Al | Kind::Ax | Kind::Eax | Kind::Rax | Kind::Cl | Kind::Dx | Kind::One | Kind::Three
            )
    }

    /// The operand as the Intel manual writes it (`r/m64`, `imm8`, `rel32`, ...).
    pub const fn manual(self) -> &'static str {
        match self {
            Kind::R8 => "r8",
            Kind::R16 => "r16",
            Kind::R32 => "r32",
            Kind::R64 => "r64",
            Kind::Rm8 => "r/m8",
            Kind::Rm16 => "r/m16",
            Kind::Rm32 => "r/m32",
            Kind::Rm64 => "r/m64",
            Kind::M8 => "m8",
            Kind::M16 => "m16",
            Kind::M32 => "m32",
            Kind::M64 => "m64",
            Kind::M128 => "m128",
            Kind::M => "m",
            Kind::Al => "al",
            Kind::Ax => "ax",
            Kind::Eax => "eax",
            Kind::Rax => "rax",
            Kind::Cl => "cl",
            Kind::Dx => "dx",
            Kind::One => "1",
            Kind::Three => "3",
            Kind::Imm8 => "imm8",
            Kind::Imm16 => "imm16",
            Kind::Imm32 => "imm32",
            Kind::Imm32s => "imm32",
            Kind::Imm64 => "imm64",
            Kind::Imm8s16 | Kind::Imm8s32 | Kind::Imm8s64 => "imm8",
            Kind::Rel8 => "rel8",
            Kind::Rel32 => "rel32",
            Kind::Xmm => "xmm",
            Kind::XmmM32 => "xmm/m32",
            Kind::XmmM64 => "xmm/m64",
            Kind::XmmM128 => "xmm/m128",
        }
    }

    /// True for the immediate kinds.
    pub const fn is_imm(self) -> bool {
        matches!(
            self,
            Kind::Imm8
                | Kind::Imm16
                | Kind::Imm32
                | Kind::Imm32s
                | Kind::Imm64
                | Kind::Imm8s16
                | Kind::Imm8s32
                | Kind::Imm8s64
        )
    }

    /// For immediates: the full-width kinds that an immediate hole may take (the short
    /// sign-extended kinds are chosen at run time when the value fits).
    pub const fn takes_imm_hole(self) -> bool {
        matches!(self, Kind::Imm8 | Kind::Imm16 | Kind::Imm32 | Kind::Imm32s | Kind::Imm64)
    }

    /// The inclusive range of literal values this immediate kind accepts, and the pattern check.
    pub fn accepts_value(self, v: i128) -> bool {
        const I64_MIN: i128 = i64::MIN as i128;
        const U64_MAX: i128 = u64::MAX as i128;
        let in_range = |lo: i128, hi: i128| (lo..=hi).contains(&v);
        match self {
            Kind::Imm8 => in_range(-128, 255),
            Kind::Imm16 => in_range(-32768, 65535),
            Kind::Imm32 => in_range(i32::MIN as i128, u32::MAX as i128),
            Kind::Imm64 => in_range(I64_MIN, U64_MAX),
            Kind::Imm32s => in_range(I64_MIN, U64_MAX) && i32::try_from(v as i64).is_ok(),
            Kind::Imm8s16 => in_range(-32768, 65535) && i8::try_from(v as i16).is_ok(),
            Kind::Imm8s32 => in_range(i32::MIN as i128, u32::MAX as i128) && i8::try_from(v as i32).is_ok(),
            Kind::Imm8s64 => in_range(I64_MIN, U64_MAX) && i8::try_from(v as i64).is_ok(),
            Kind::One => v == 1,
            Kind::Three => v == 3,
            _ => false,
        }
    }
}

/// Where an operand goes in the encoding.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// ModRM.rm (with SIB and displacement for memory).
    Rm,
    /// ModRM.reg.
    Reg,
    /// Low three bits of the last opcode byte (REX.B extends).
    Op,
    /// 8-bit immediate.
    Ib,
    /// 16-bit immediate.
    Iw,
    /// 32-bit immediate.
    Id,
    /// 64-bit immediate.
    Iq,
    /// 8-bit displacement from the end of the instruction.
    Cb,
    /// 32-bit displacement from the end of the instruction.
    Cd,
    /// Implicit in the opcode (fixed registers, the constant 1).
    Implicit,
    /// Both ModRM.reg and ModRM.rm (`imul rax, 5` is `imul rax, rax, 5`).
    RegRm,
}

/// The role of the ModRM byte in a recipe.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ModRm {
    /// No ModRM byte.
    None,
    /// `/digit`: ModRM.reg holds an opcode extension.
    Digit(u8),
    /// `/r`: ModRM.reg holds a register operand.
    Reg,
}

/// Bit flags on a table row.
pub mod flag {
    /// The `lock` prefix is allowed (with a memory destination).
    pub const LOCK: u16 = 1;
    /// A memory operand must carry an explicit size keyword to pick this row.
    pub const SIZED: u16 = 2;
    /// `rep` prefixes are allowed.
    pub const REP: u16 = 4;
    /// The register in the opcode slot must not be register 0 (`xchg eax, eax` is not `90`).
    pub const NOTZERO: u16 = 8;
    /// A 66 operand-size prefix precedes the mandatory prefix (16-bit `popcnt r16, r/m16` is
    /// `66 F3 0F B8 /r`).
    pub const O16: u16 = 16;
}

/// One encoding form: a row of the table.
#[derive(Debug)]
pub struct Form {
    /// Stable identifier of the row.
    pub id: FormId,
    /// Mnemonic (lowercase, canonical spelling).
    pub mnemonic: &'static str,
    /// Kind and slot of each operand, in Intel order.
    pub operands: &'static [(Kind, Slot)],
    /// A mandatory or operand-size legacy prefix (0x66, 0xF2, 0xF3), or 0.
    pub prefix: u8,
    /// REX.W is set.
    pub rex_w: bool,
    /// Opcode bytes (escape bytes included).
    pub opcode: &'static [u8],
    /// ModRM usage.
    pub modrm: ModRm,
    /// See [`flag`].
    pub flags: u16,
}

impl Form {
    /// Looks a form up by id.
    pub fn get(id: FormId) -> &'static Form {
        &FORMS[id as usize]
    }

    /// The maximum length in bytes an instruction of this form can take (used for reservations).
    pub fn has_flag(&self, f: u16) -> bool {
        self.flags & f != 0
    }
}

impl fmt::Display for Form {
    /// The form in manual notation, e.g. `add r/m64, imm8`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mnemonic)?;
        for (i, (k, _)) in self.operands.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            f.write_str(k.manual())?;
        }
        Ok(())
    }
}

/// Mnemonic aliases resolved before lookup: condition-code synonyms and spelling variants.
pub const ALIASES: &[(&str, &str)] = &[
    ("sal", "shl"),
    ("retq", "ret"),
    ("retn", "ret"),
    ("loopz", "loope"),
    ("loopnz", "loopne"),
    ("pushf", "pushfq"),
    ("popf", "popfq"),
    ("cltq", "cdqe"),
    ("cqto", "cqo"),
    ("cltd", "cdq"),
    ("fwait", "wait"),
];

/// Condition codes: canonical suffix, number, and the synonyms that map to it.
pub const CONDITIONS: &[(&str, u8, &[&str])] = &[
    ("o", 0x0, &[]),
    ("no", 0x1, &[]),
    ("b", 0x2, &["c", "nae"]),
    ("ae", 0x3, &["nb", "nc"]),
    ("e", 0x4, &["z"]),
    ("ne", 0x5, &["nz"]),
    ("be", 0x6, &["na"]),
    ("a", 0x7, &["nbe"]),
    ("s", 0x8, &[]),
    ("ns", 0x9, &[]),
    ("p", 0xA, &["pe"]),
    ("np", 0xB, &["po"]),
    ("l", 0xC, &["nge"]),
    ("ge", 0xD, &["nl"]),
    ("le", 0xE, &["ng"]),
    ("g", 0xF, &["nle"]),
];

/// Maps a mnemonic as written (any case, any alias) to its canonical table spelling.
pub fn canonical_mnemonic(m: &str) -> String {
    let lower = m.to_ascii_lowercase();
    if let Some((_, c)) = ALIASES.iter().find(|(a, _)| *a == lower) {
        return (*c).to_string();
    }
    for stem in ["j", "set", "cmov"] {
        if let Some(cc) = lower.strip_prefix(stem) {
            for (canon, _, syn) in CONDITIONS {
                if syn.contains(&cc) {
                    return format!("{stem}{canon}");
                }
            }
        }
    }
    lower
}

/// All rows of one mnemonic (canonical spelling), in table order; empty if unknown.
///
/// The table is sorted by mnemonic (a test checks it), so this is two binary searches.
pub fn forms_of(mnemonic: &str) -> &'static [Form] {
    let start = FORMS.partition_point(|f| f.mnemonic < mnemonic);
    let end = FORMS.partition_point(|f| f.mnemonic <= mnemonic);
    &FORMS[start..end]
}

/// The rows of `form`'s mnemonic that come before it (shorter encodings first), then `form`:
/// a table lookup, no string comparison.
pub fn group_through(form: &'static Form) -> &'static [Form] {
    let id = form.id as usize;
    &FORMS[table::GROUP_START[id] as usize..=id]
}

/// Whether the row has an operand kind whose acceptance depends on the operand's value (see
/// [`Kind::is_value_dependent`]); computed at compile time.
pub fn is_value_dependent(form: &Form) -> bool {
    table::VALUE_DEPENDENT[form.id as usize]
}

/// All rows of `form`'s mnemonic, like [`forms_of`] but found without comparing strings.
pub fn group_of(form: &'static Form) -> &'static [Form] {
    let start = table::GROUP_START[form.id as usize];
    let mut end = form.id as usize + 1;
    while end < FORMS.len() && table::GROUP_START[end] == start {
        end += 1;
    }
    &FORMS[start as usize..end]
}

/// Whether operand `i` of a mnemonic with rows `forms` may be a branch target, so a bare name
/// there is a label. A mnemonic no row knows takes names as labels too, so that errors name the
/// mnemonic rather than its operands. Shared by the macro's and the text assembler's parsers.
pub fn takes_branch_target(forms: &[Form], i: usize) -> bool {
    forms.is_empty()
        || forms.iter().any(|f| f.operands.get(i).is_some_and(|(k, _)| matches!(k, Kind::Rel8 | Kind::Rel32)))
}

/// Every canonical mnemonic the table knows, sorted, each once.
pub fn mnemonics() -> impl Iterator<Item = &'static str> {
    FORMS
        .iter()
        .enumerate()
        .filter(|(i, f)| *i == 0 || FORMS[i - 1].mnemonic != f.mnemonic)
        .map(|(_, f)| f.mnemonic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_by_mnemonic_and_ids_are_indices() {
        for (i, f) in FORMS.iter().enumerate() {
            assert_eq!(f.id as usize, i, "{f}");
            if i > 0 {
                assert!(FORMS[i - 1].mnemonic <= f.mnemonic, "{} before {}", FORMS[i - 1], f);
            }
        }
    }

    #[test]
    fn rows_are_well_formed() {
        for f in FORMS {
            let has_modrm_operand = f.operands.iter().any(|(_, s)| matches!(s, Slot::Rm | Slot::RegRm));
            assert_eq!(f.modrm != ModRm::None, has_modrm_operand, "{f}: ModRM role and operands disagree");
            let reg_operand = f.operands.iter().any(|(_, s)| matches!(s, Slot::Reg | Slot::RegRm));
            assert_eq!(f.modrm == ModRm::Reg, reg_operand, "{f}: /r needs exactly a reg operand");
            assert!(!f.opcode.is_empty() && f.opcode.len() <= 3, "{f}");
        }
    }

    #[test]
    fn group_starts_match_the_mnemonic_groups() {
        for f in FORMS {
            let group = forms_of(f.mnemonic);
            let through = group_through(f);
            assert!(std::ptr::eq(&group[0], &through[0]), "{f}");
            assert!(std::ptr::eq(through.last().unwrap(), f), "{f}");
            assert_eq!(group_of(f).len(), group.len(), "{f}");
        }
    }

    #[test]
    fn lookup_and_aliases() {
        assert!(!forms_of("add").is_empty());
        assert!(forms_of("nosuch").is_empty());
        assert_eq!(canonical_mnemonic("JZ"), "je");
        assert_eq!(canonical_mnemonic("cmovnae"), "cmovb");
        assert_eq!(canonical_mnemonic("setpo"), "setnp");
        assert_eq!(canonical_mnemonic("sal"), "shl");
        assert_eq!(canonical_mnemonic("movabs"), "movabs");
        assert!(mnemonics().count() > 150);
    }
}
