//! The instruction set: operand kinds, slots, encoding schemes and the table of forms.
//!
//! [`FORMS`] (built by the `table` module from one line per form) is the single source of truth.
//! Each row names a mnemonic, the [`Kind`] and [`Slot`] of every operand, the encoding
//! [`Scheme`] with that scheme's fields (legacy prefixes and REX.W; VEX pp/map/L/W; EVEX also
//! the disp8*N tuple and which decorations are allowed; x87 register-in-opcode), the opcode, the
//! ModRM role, and the CPU [`Feature`] it needs. The [`kinds`] module describes every operand
//! kind once; the [`matcher`] picks the first row that accepts a list of operands and
//! decorations and validates everything the encoder would otherwise have to refuse; the
//! [`encoder`](crate::enc) turns a row plus operands into bytes without knowing any mnemonic and
//! without failing.
//!
//! `cargo run -p asm-runtime --example dump_table` prints the table one row per line (the corpus
//! generator reads that dump).

use std::fmt;

pub mod aliases_vex;
pub mod dump;
mod explain;
pub mod features;
pub mod kinds;
mod lookup;
pub mod matcher;
mod table;

pub use features::{cpu_features, Feature, Features};
pub use kinds::{ImmInfo, Kind, KindInfo, MemKind, KINDS};
pub use lookup::forms_written;
pub use table::FORMS;

/// Where an operand goes in the encoding.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// ModRM.rm (with SIB and displacement for memory).
    Rm,
    /// ModRM.reg.
    Reg,
    /// Low three bits of the last opcode byte (REX.B extends; x87 `st(i)`).
    Op,
    /// VEX/EVEX `vvvv` (a second source, or the gather mask, or `shlx`'s count).
    Vvvv,
    /// A register in bits 7:4 of an 8-bit immediate (`/is4`).
    Is4,
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
    /// An 8-byte absolute address after the opcode (`moffs`: `movabs al, [0x1122334455667788]`).
    Moffs,
}

impl Slot {
    /// The slot as the table notation writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Slot::Rm => "rm",
            Slot::Reg => "reg",
            Slot::Op => "op",
            Slot::Vvvv => "vvvv",
            Slot::Is4 => "is4",
            Slot::Ib => "ib",
            Slot::Iw => "iw",
            Slot::Id => "id",
            Slot::Iq => "iq",
            Slot::Cb => "cb",
            Slot::Cd => "cd",
            Slot::Implicit => "-",
            Slot::RegRm => "reg+rm",
            Slot::Moffs => "moffs",
        }
    }
}

/// The role of the ModRM byte in a row.
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
    /// A `9B` (`wait`) byte precedes every other prefix: the waiting x87 forms (`fstcw m16` is
    /// `9B D9 /7`, and `fstcw [r8]` is `9B 41 D9 38`, the REX after the `9B`).
    pub const WAIT: u16 = 32;
}

/// The mandatory-prefix field of VEX and EVEX (`pp`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pp {
    /// No implied prefix.
    None = 0,
    /// Implied 66.
    P66 = 1,
    /// Implied F3.
    PF3 = 2,
    /// Implied F2.
    PF2 = 3,
}

/// The opcode map of VEX and EVEX (`mmmmm`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Map {
    /// 0F.
    M0F = 1,
    /// 0F 38.
    M0F38 = 2,
    /// 0F 3A.
    M0F3A = 3,
}

/// The vector length field (VEX.L, EVEX.L'L).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum VecLen {
    /// 128 bits (L = 0).
    L128,
    /// 256 bits (L = 1).
    L256,
    /// 512 bits (EVEX L'L = 2).
    L512,
    /// Ignored (encoded as 0).
    LIG,
    /// Must be 0 (GP-register and mask instructions: `L0`/`LZ` in the manual).
    L0,
    /// Must be 1 with no vector operand (the mask-register logic `kandw`, `kunpckbw`: `L1`).
    L1,
}

impl VecLen {
    /// The encoded L (VEX) or L'L (EVEX) bits.
    pub const fn bits(self) -> u8 {
        match self {
            VecLen::L256 | VecLen::L1 => 1,
            VecLen::L512 => 2,
            _ => 0,
        }
    }

    /// The vector length in bytes (16 for the ignored and zero lengths).
    pub const fn bytes(self) -> u8 {
        match self {
            VecLen::L256 => 32,
            VecLen::L512 => 64,
            _ => 16,
        }
    }
}

/// The W bit of VEX and EVEX.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum VexW {
    /// W = 0.
    W0,
    /// W = 1.
    W1,
    /// Ignored (encoded as 0, which also allows the 2-byte VEX).
    WIG,
}

impl VexW {
    /// The encoded bit.
    pub const fn bit(self) -> bool {
        matches!(self, VexW::W1)
    }
}

/// The EVEX tuple type: how an 8-bit displacement is scaled (disp8*N).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tuple {
    /// Full vector (FV): N is the vector length, or the element size under broadcast.
    Full,
    /// Half vector (HV, widening conversions): N is half the vector length, or the element size
    /// under broadcast.
    Half,
    /// Full vector memory (FVM, no broadcast): N is the vector length.
    Fvm,
    /// Half vector memory (HVM: `vpmovzxbw`, `vpmovdw`): N is half the vector length.
    Hvm,
    /// Quarter vector memory (QVM: `vpmovzxbd`, `vpmovdb`): N is a quarter of it.
    Qvm,
    /// Eighth vector memory (OVM: `vpmovzxbq`, `vpmovqb`): N is an eighth of it.
    Ovm,
    /// One byte element (T1S, `vpbroadcastb`): N = 1.
    T1s1,
    /// One word element (T1S, `vpbroadcastw`): N = 2.
    T1s2,
    /// One 4-byte element (T1S/T1F: scalars, `vmovd`, gathers of dwords): N = 4.
    T1s4,
    /// One 8-byte element (T1S/T1F): N = 8.
    T1s8,
    /// Two elements of W's size (T2: `vbroadcastf32x2`, `vinsertf64x2`): N = 8 (W0) or 16 (W1).
    T2,
    /// Four elements of W's size (T4: `vbroadcastf32x4`, `vinsertf64x4`): N = 16 or 32.
    T4,
    /// Eight dwords (T8: `vbroadcastf32x8`, `vinsertf32x8`): N = 32.
    T8,
    /// 128-bit memory whatever the vector length (M128: the shift counts of `vpslld`): N = 16.
    M128,
    /// `vmovddup` (DUP): N = 8 for 128 bits, else the vector length.
    Dup,
}

/// What an EVEX row allows to be decorated (bits of [`Evex::deco`]).
pub mod evex_flag {
    /// A write mask `{k1}`..`{k7}` is allowed.
    pub const MASK: u8 = 1;
    /// A write mask is required (gathers).
    pub const MASK_REQUIRED: u8 = 2;
    /// Zeroing-masking `{z}` is allowed.
    pub const ZEROING: u8 = 4;
    /// Embedded rounding `{rn-sae}`..`{rz-sae}` is allowed (register form; `{sae}` alone is
    /// not, as in llvm-mc).
    pub const ER: u8 = 8;
    /// Suppress-all-exceptions `{sae}` is allowed (register form).
    pub const SAE: u8 = 16;
}

/// Fields of a legacy-encoded row (the opcode bytes, escapes included, are [`Form::opcode`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Legacy {
    /// A mandatory or operand-size prefix (0x66, 0xF2, 0xF3, 0x67), or 0.
    pub prefix: u8,
    /// REX.W is set.
    pub rex_w: bool,
}

/// Fields of a VEX-encoded row (the opcode byte is [`Form::opcode`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Vex {
    /// Vector length.
    pub len: VecLen,
    /// Implied prefix.
    pub pp: Pp,
    /// Opcode map.
    pub map: Map,
    /// W bit.
    pub w: VexW,
}

/// Fields of an EVEX-encoded row.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Evex {
    /// Vector length.
    pub len: VecLen,
    /// Implied prefix.
    pub pp: Pp,
    /// Opcode map.
    pub map: Map,
    /// W bit.
    pub w: VexW,
    /// Tuple type for disp8*N.
    pub tuple: Tuple,
    /// Allowed decorations, see [`evex_flag`]. Broadcast is allowed where the memory operand's
    /// kind has a broadcast element size ([`KindInfo::bcst`]).
    pub deco: u8,
}

impl Evex {
    /// Whether the row allows the decoration bit `f` ([`evex_flag`]).
    pub const fn allows(&self, f: u8) -> bool {
        self.deco & f != 0
    }

    /// N of disp8*N for a memory operand, given the broadcast element size if broadcasting.
    pub const fn disp8_scale(&self, broadcast: Option<u8>) -> u8 {
        let vl = self.len.bytes();
        let elem = if self.w.bit() { 8 } else { 4 };
        match (self.tuple, broadcast) {
            (Tuple::Full | Tuple::Half, Some(e)) => e,
            (Tuple::Full | Tuple::Fvm, _) => vl,
            (Tuple::Half | Tuple::Hvm, _) => vl / 2,
            (Tuple::Qvm, _) => vl / 4,
            (Tuple::Ovm, _) => vl / 8,
            (Tuple::T1s1, _) => 1,
            (Tuple::T1s2, _) => 2,
            (Tuple::T1s4, _) => 4,
            (Tuple::T1s8, _) => 8,
            (Tuple::T2, _) => 2 * elem,
            (Tuple::T4, _) => 4 * elem,
            (Tuple::T8, _) => 32,
            (Tuple::M128, _) => 16,
            (Tuple::Dup, _) => {
                if vl == 16 {
                    8
                } else {
                    vl
                }
            }
        }
    }
}

/// How a row is encoded, with the fields that scheme's prefix writer needs.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Legacy prefixes, REX, opcode (with 0F/0F38/0F3A escapes), ModRM.
    Legacy(Legacy),
    /// A 2- or 3-byte VEX prefix.
    Vex(Vex),
    /// The 4-byte EVEX prefix.
    Evex(Evex),
    /// x87 register forms: two opcode bytes, `st(i)` added to the second.
    X87,
}

impl Scheme {
    /// The scheme's name in the table notation.
    pub const fn name(&self) -> &'static str {
        match self {
            Scheme::Legacy(_) => "legacy",
            Scheme::Vex(_) => "vex",
            Scheme::Evex(_) => "evex",
            Scheme::X87 => "x87",
        }
    }
}

/// The identifier of a row: `FormId::add_rm64_imm8s64`, an index into [`FORMS`].
///
/// Every row's id is an associated constant named like the row, so code can name a row;
/// `Debug` prints that name.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FormId(pub(crate) u16);

impl FormId {
    /// The row's index in [`FORMS`].
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// The id of the row at `index` in [`FORMS`], if there is one.
    pub fn from_index(index: usize) -> Option<FormId> {
        (index < FORMS.len()).then_some(FormId(index as u16))
    }

    /// The row's name (`add_rm64_imm8s64`).
    pub fn name(self) -> &'static str {
        FORMS[self.index()].name
    }

    /// Row `index` of [`FORMS`], called `name`: how the `x86!` macro's code names a row. The
    /// macro knows the index from the same table (it builds this crate, from the same source),
    /// and `name` is for the reader of the expansion. (A named constant such as
    /// `FormId::add_rm64_imm8s64` is worked out from the table sorted at compile time by the
    /// compiler of every crate that uses one, about half a second of build time; this is free.)
    #[doc(hidden)]
    pub const fn __row(index: u16, name: &'static str) -> FormId {
        let _ = name;
        FormId(index)
    }
}

impl fmt::Debug for FormId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One encoding form: a row of the table.
#[derive(Copy, Clone, Debug)]
pub struct Form {
    /// Identifier of the row (its index in [`FORMS`]).
    pub id: FormId,
    /// The row's name, which is also its [`FormId`] constant's name.
    pub name: &'static str,
    /// Mnemonic (lowercase, canonical spelling).
    pub mnemonic: &'static str,
    /// Kind and slot of each operand, in Intel order.
    pub operands: &'static [(Kind, Slot)],
    /// The encoding scheme and its fields.
    pub scheme: Scheme,
    /// Opcode bytes: for legacy rows with their escape bytes; for VEX/EVEX the one byte after
    /// the prefix; for x87 register forms the two bytes (the register is added to the second).
    pub opcode: &'static [u8],
    /// ModRM usage.
    pub modrm: ModRm,
    /// See [`flag`].
    pub flags: u16,
    /// The CPU feature the row needs.
    pub feature: Feature,
}

impl Form {
    /// Looks a form up by id.
    pub fn get(id: FormId) -> &'static Form {
        &FORMS[id.index()]
    }

    /// Whether the row has flag `f` (see [`flag`]).
    pub fn has_flag(&self, f: u16) -> bool {
        self.flags & f != 0
    }

    /// REX.W for legacy rows, VEX/EVEX.W1 for the others.
    pub fn w(&self) -> bool {
        match self.scheme {
            Scheme::Legacy(l) => l.rex_w,
            Scheme::Vex(v) => v.w.bit(),
            Scheme::Evex(e) => e.w.bit(),
            Scheme::X87 => false,
        }
    }

    /// The EVEX fields, if the row is EVEX-encoded.
    pub fn evex(&self) -> Option<&Evex> {
        match &self.scheme {
            Scheme::Evex(e) => Some(e),
            _ => None,
        }
    }

    /// The position of the operand in `slot`, if any.
    pub fn slot_index(&self, slot: Slot) -> Option<usize> {
        self.operands.iter().position(|(_, s)| *s == slot)
    }
}

impl fmt::Display for Form {
    /// The form in manual notation, e.g. `add r/m64, imm8`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mnemonic)?;
        for (i, (k, _)) in self.operands.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            f.write_str(k.manual())?;
            if i == 0 {
                if let Some(e) = self.evex() {
                    if e.allows(evex_flag::MASK) {
                        f.write_str(" {k}")?;
                    }
                    if e.allows(evex_flag::ZEROING) {
                        f.write_str("{z}")?;
                    }
                }
            }
        }
        if let Some(e) = self.evex() {
            if e.allows(evex_flag::ER) {
                f.write_str(", {er}")?;
            } else if e.allows(evex_flag::SAE) {
                f.write_str(", {sae}")?;
            }
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
    ("xlat", "xlatb"),
];

/// Mnemonics that stand for another mnemonic with an immediate operand appended: the SSE compare
/// predicates (`cmpltps xmm1, xmm2` is `cmpps xmm1, xmm2, 1`) and the `pclmulqdq` halves
/// (`pclmulhqlqdq` is `pclmulqdq` with 0x01, and likewise for `vpclmulqdq`). Resolved by
/// [`implied_imm`] where instructions are parsed or assembled, so the matcher and the encoder only
/// ever see the base instruction.
#[rustfmt::skip]
pub const IMPLIED_IMM_ALIASES: &[(&str, &str, u8)] = &[
    ("cmpeqps", "cmpps", 0), ("cmpltps", "cmpps", 1), ("cmpleps", "cmpps", 2), ("cmpunordps", "cmpps", 3),
    ("cmpneqps", "cmpps", 4), ("cmpnltps", "cmpps", 5), ("cmpnleps", "cmpps", 6), ("cmpordps", "cmpps", 7),
    ("cmpeqpd", "cmppd", 0), ("cmpltpd", "cmppd", 1), ("cmplepd", "cmppd", 2), ("cmpunordpd", "cmppd", 3),
    ("cmpneqpd", "cmppd", 4), ("cmpnltpd", "cmppd", 5), ("cmpnlepd", "cmppd", 6), ("cmpordpd", "cmppd", 7),
    ("cmpeqss", "cmpss", 0), ("cmpltss", "cmpss", 1), ("cmpless", "cmpss", 2), ("cmpunordss", "cmpss", 3),
    ("cmpneqss", "cmpss", 4), ("cmpnltss", "cmpss", 5), ("cmpnless", "cmpss", 6), ("cmpordss", "cmpss", 7),
    ("cmpeqsd", "cmpsd", 0), ("cmpltsd", "cmpsd", 1), ("cmplesd", "cmpsd", 2), ("cmpunordsd", "cmpsd", 3),
    ("cmpneqsd", "cmpsd", 4), ("cmpnltsd", "cmpsd", 5), ("cmpnlesd", "cmpsd", 6), ("cmpordsd", "cmpsd", 7),
    ("pclmullqlqdq", "pclmulqdq", 0x00), ("pclmulhqlqdq", "pclmulqdq", 0x01),
    ("pclmullqhqdq", "pclmulqdq", 0x10), ("pclmulhqhqdq", "pclmulqdq", 0x11),
    ("vpclmullqlqdq", "vpclmulqdq", 0x00), ("vpclmulhqlqdq", "vpclmulqdq", 0x01),
    ("vpclmullqhqdq", "vpclmulqdq", 0x10), ("vpclmulhqhqdq", "vpclmulqdq", 0x11),
];

/// Every implied-immediate alias: [`IMPLIED_IMM_ALIASES`] and the VEX compare predicates
/// ([`aliases_vex::VCMP_ALIASES`]).
pub fn implied_imm_aliases() -> impl Iterator<Item = &'static (&'static str, &'static str, u8)> {
    IMPLIED_IMM_ALIASES.iter().chain(aliases_vex::VCMP_ALIASES).chain(aliases_vex::VPCMP_ALIASES)
}

/// The base mnemonic and the immediate that an implied-immediate alias (any case) stands for,
/// see [`IMPLIED_IMM_ALIASES`], [`aliases_vex::VCMP_ALIASES`] and [`aliases_vex::VPCMP_ALIASES`].
pub fn implied_imm(m: &str) -> Option<(&'static str, u8)> {
    // Every alias starts with `cmp`, `vcmp`, `vpcmp`, `pclmul` or `vpclmul`: most mnemonics stop
    // here, many at the first letter.
    if !matches!(m.as_bytes().first(), Some(b'c' | b'C' | b'v' | b'V' | b'p' | b'P')) {
        return None;
    }
    let starts = |p: &str| m.len() > p.len() && m.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if !(starts("cmp") || starts("vcmp") || starts("vpcmp") || starts("pclmul") || starts("vpclmul")) {
        return None;
    }
    implied_imm_aliases().find(|(a, _, _)| a.eq_ignore_ascii_case(m)).map(|&(_, c, i)| (c, i))
}

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
    let id = form.id.index();
    &FORMS[table::GROUP_START[id] as usize..=id]
}

/// Whether the row has an operand kind whose acceptance depends on the operand's value (see
/// [`Kind::is_value_dependent`]); computed at compile time.
pub fn is_value_dependent(form: &Form) -> bool {
    table::VALUE_DEPENDENT[form.id.index()]
}

/// All rows of `form`'s mnemonic, like [`forms_of`] but found without comparing strings.
pub fn group_of(form: &'static Form) -> &'static [Form] {
    let start = table::GROUP_START[form.id.index()];
    let mut end = form.id.index() + 1;
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
            assert_eq!(f.id.index(), i, "{f}");
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

    /// The row checks of the table: unique ids that name their rows, slots that agree with the
    /// scheme and the kinds, and VEX rows of a mnemonic before its EVEX rows.
    #[test]
    fn table_is_consistent() {
        let mut names: Vec<&str> = FORMS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FORMS.len(), "duplicate row ids");
        assert_eq!(FormId::add_rm64_imm8s64.name(), "add_rm64_imm8s64");
        assert_eq!(Form::get(FormId::vaddps_zmm_zmm_zmmm512b32).mnemonic, "vaddps");
        for f in FORMS {
            check_row(f);
        }
        for w in FORMS.windows(2) {
            let later_vex = matches!(w[1].scheme, Scheme::Vex(_)) && w[0].evex().is_some();
            assert!(!(w[0].mnemonic == w[1].mnemonic && later_vex), "{} after an EVEX row", w[1].name);
        }
    }

    fn check_row(f: &Form) {
        let slots = |s: Slot| f.operands.iter().filter(|(_, x)| *x == s).count();
        let vector = |c: crate::operand::RegClass| {
            f.operands.iter().any(|(k, _)| {
                k.reg_class() == Some(c)
                    || matches!(k.info().mem, Some(MemKind::Vsib { index, .. }) if index == c)
            })
        };
        use crate::operand::RegClass::{Xmm, Ymm, Zmm, K};
        for (k, s) in f.operands {
            let i = k.info();
            // Immediate slots carry immediate kinds of their width; branch slots branch kinds.
            let width = match s {
                Slot::Ib => Some(8),
                Slot::Iw => Some(16),
                Slot::Id => Some(32),
                Slot::Iq => Some(64),
                _ => None,
            };
            assert_eq!(width, k.is_imm().then(|| k.imm_bits()), "{}: {k:?} in {s:?}", f.name);
            assert_eq!(matches!(s, Slot::Cb | Slot::Cd), i.rel > 0, "{}: {k:?} in {s:?}", f.name);
            if matches!(s, Slot::Vvvv | Slot::Is4 | Slot::Op | Slot::Reg) {
                assert!(i.reg.is_some() && i.mem.is_none(), "{}: {k:?} in {s:?} must be a register", f.name);
            }
            if i.bcst.is_some() {
                assert!(
                    f.evex().is_some_and(|e| matches!(e.tuple, Tuple::Full | Tuple::Half)),
                    "{}: broadcast needs a full- or half-vector EVEX row",
                    f.name
                );
            }
        }
        match &f.scheme {
            Scheme::Legacy(_) => {
                assert_eq!(slots(Slot::Vvvv) + slots(Slot::Is4), 0, "{}", f.name);
                assert!(!vector(Ymm) && !vector(Zmm), "{}", f.name);
                if slots(Slot::Op) > 0 {
                    assert_eq!(f.opcode.last().unwrap() & 7, 0, "{}: +r opcode with low bits set", f.name);
                }
            }
            Scheme::X87 => {
                assert_eq!(f.opcode.len(), 2, "{}", f.name);
                assert_eq!(f.modrm, ModRm::None, "{}", f.name);
                assert!(slots(Slot::Op) <= 1 && (slots(Slot::Op) == 0 || f.opcode[1] & 7 == 0), "{}", f.name);
            }
            Scheme::Vex(v) => {
                assert_eq!(f.opcode.len(), 1, "{}", f.name);
                assert!(!vector(Zmm), "{}: zmm needs EVEX", f.name);
                let want = match v.len {
                    // `vzeroall` is VEX.256 without operands.
                    VecLen::L256 => vector(Ymm) || f.operands.is_empty(),
                    VecLen::L128 | VecLen::LIG => !vector(Ymm),
                    VecLen::L1 => !vector(Xmm) && !vector(Ymm) && vector(K),
                    _ => !vector(Xmm) && !vector(Ymm),
                };
                assert!(want, "{}: VEX.L disagrees with the operands", f.name);
                assert!(slots(Slot::Vvvv) <= 1 && slots(Slot::Is4) <= 1, "{}", f.name);
            }
            Scheme::Evex(e) => {
                assert_eq!(f.opcode.len(), 1, "{}", f.name);
                // The longest vector operand sets L'L (`vcvtpd2ps ymm, zmm` is EVEX.512).
                let want = match e.len {
                    VecLen::L512 => vector(Zmm),
                    VecLen::L256 => vector(Ymm) && !vector(Zmm),
                    _ => !vector(Ymm) && !vector(Zmm),
                };
                assert!(want, "{}: EVEX.L'L disagrees with the operands", f.name);
                assert_eq!(slots(Slot::Is4), 0, "{}: EVEX has no /is4", f.name);
                if e.allows(evex_flag::ER) || e.allows(evex_flag::SAE) {
                    assert!(
                        e.len == VecLen::L512 || matches!(e.tuple, Tuple::T1s4 | Tuple::T1s8),
                        "{}: embedded rounding and SAE are 512-bit or scalar register forms",
                        f.name
                    );
                }
                let vsib = f.operands.iter().any(|(k, _)| matches!(k.info().mem, Some(MemKind::Vsib { .. })));
                assert_eq!(
                    e.allows(evex_flag::MASK_REQUIRED),
                    vsib,
                    "{}: gathers (only) need a mask",
                    f.name
                );
                assert!(!e.allows(evex_flag::ZEROING) || e.allows(evex_flag::MASK), "{}", f.name);
            }
        }
        assert_eq!(
            f.modrm != ModRm::None,
            f.operands.iter().any(|(_, s)| matches!(s, Slot::Rm | Slot::RegRm)),
            "{}: ModRM role and operands disagree",
            f.name
        );
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
        assert_eq!(implied_imm("CMPLTPS"), Some(("cmpps", 1)));
        assert_eq!(implied_imm("cmpordsd"), Some(("cmpsd", 7)));
        assert_eq!(implied_imm("pclmulhqhqdq"), Some(("pclmulqdq", 0x11)));
        assert_eq!(implied_imm("cmpps"), None);
        for (alias, canon, _) in implied_imm_aliases() {
            assert!(forms_of(alias).is_empty() && !forms_of(canon).is_empty(), "{alias}");
        }
    }
}
