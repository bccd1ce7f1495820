//! The syntax tree shared by the `x86!` macro and the run-time text assembler.
//!
//! Both front ends produce a [`Program`]: statements plus a symbol table of the label names they
//! mention. Operands are [`Operand`]s from the operand model; a label operand carries a
//! [`Label`] whose index points into [`Program::labels`] (not yet an assembler label). Macro
//! holes (`{expr}`) appear as [`Operand::Hole`] and [`DataItem::Hole`] with the hole's number.

use crate::operand::{Label, Operand, Prefix};

/// A position in the source.
///
/// For text, a 1-based line and column and a length in characters. For the tokens of an
/// `x86!` invocation, `line` is 0 and `col..col + len` is a range of token indices, which the
/// macro maps back to the tokens' own spans.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// 1-based line (0 for macro tokens).
    pub line: u32,
    /// 1-based column (the first token's index for macro tokens).
    pub col: u32,
    /// Length in characters (in tokens for macro tokens).
    pub len: u32,
}

/// How a label name is scoped.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LabelName {
    /// `name`: local to one macro invocation (or one text program).
    Local(String),
    /// `@name`: shared by every invocation on the same assembler.
    Global(String),
    /// `{expr}`: a [`crate::Label`] value made at run time; the number is the hole.
    Dynamic(usize),
}

impl std::fmt::Display for LabelName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LabelName::Local(n) => write!(f, "{n}"),
            LabelName::Global(n) => write!(f, "@{n}"),
            LabelName::Dynamic(i) => write!(f, "{{dynamic label {i}}}"),
        }
    }
}

/// One item of a data directive.
#[derive(Clone, Debug, PartialEq)]
pub enum DataItem {
    /// An integer, range-checked against the directive's width.
    Int(i128),
    /// A float literal (`dd` stores f32, `dq` stores f64).
    Float(f64),
    /// A string: its bytes, one per `db` unit.
    Bytes(Vec<u8>),
    /// The absolute address of a label (`dq label`), resolved when the code is placed.
    Label(Label),
    /// The difference of two labels' offsets (`dd a - b`).
    LabelDiff(Label, Label),
    /// A macro hole holding a value.
    Hole(usize),
}

impl DataItem {
    /// The little-endian bytes of integer `v` in a unit of `width` bytes (1, 2, 4 or 8), or the
    /// error when it does not fit (signed or unsigned). The one check of data values, used by
    /// the macro and the text path.
    pub fn int_bytes(width: u8, v: i128) -> Result<[u8; 8], String> {
        let bits = u32::from(width) * 8;
        let (lo, hi) = (-(1i128 << (bits - 1)), (1i128 << bits) - 1);
        if v < lo || v > hi {
            return Err(format!("value {v} does not fit {bits} bits"));
        }
        Ok((v as u64).to_le_bytes())
    }
}

/// An assembler directive.
#[derive(Clone, Debug, PartialEq)]
pub enum Directive {
    /// `db`/`dw`/`dd`/`dq`: data units of 1, 2, 4 or 8 bytes.
    Data {
        /// Unit width in bytes.
        width: u8,
        /// The items.
        items: Vec<DataItem>,
    },
    /// `align N`: pad to a multiple of N (a power of two) with multi-byte nops.
    Align(u64),
    /// `.arch x86-64-v3, +sha`: the CPU features later instructions may use (the text
    /// assembler's target; in `x86!`, a compile-time check of the block).
    Arch(crate::isa::Features),
    /// `.balign N, FILL, MAX` / `.p2align K,,MAX` / `align N, db FILL`: pad to a multiple of
    /// `to` with `fill` bytes (nops when `None`), and not at all when more than `max` bytes
    /// would be needed.
    AlignPad {
        /// The alignment, a power of two.
        to: u64,
        /// The padding byte; nops when `None`.
        fill: Option<u8>,
        /// The most bytes to pad.
        max: Option<u64>,
    },
}

/// Embedded rounding or suppress-all-exceptions, written as a last operand: `{rn-sae}`,
/// `{rd-sae}`, `{ru-sae}`, `{rz-sae}` or `{sae}`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// `{rn-sae}`: round to nearest even (EVEX.L'L = 00), exceptions suppressed.
    Rn,
    /// `{rd-sae}`: round down, toward -infinity (01).
    Rd,
    /// `{ru-sae}`: round up, toward +infinity (10).
    Ru,
    /// `{rz-sae}`: round toward zero (11).
    Rz,
    /// `{sae}`: suppress all exceptions, no rounding override.
    Sae,
}

impl Rounding {
    /// Parses the text inside the braces (`rn-sae`, ..., `sae`), case-insensitive.
    pub fn from_name(s: &str) -> Option<Rounding> {
        Some(match s.to_ascii_lowercase().as_str() {
            "rn-sae" => Rounding::Rn,
            "rd-sae" => Rounding::Rd,
            "ru-sae" => Rounding::Ru,
            "rz-sae" => Rounding::Rz,
            "sae" => Rounding::Sae,
            _ => return None,
        })
    }

    /// The decoration as written, without braces.
    pub const fn name(self) -> &'static str {
        match self {
            Rounding::Rn => "rn-sae",
            Rounding::Rd => "rd-sae",
            Rounding::Ru => "ru-sae",
            Rounding::Rz => "rz-sae",
            Rounding::Sae => "sae",
        }
    }
}

/// The AVX-512 (EVEX) decorations of one instruction.
///
/// `{k1}`..`{k7}` and `{z}` follow the first operand (`vaddps zmm0 {k1}{z}, zmm1, zmm2`),
/// `{1toN}` follows the memory operand (`[rax]{1to16}`), and a rounding decoration is written as
/// a last operand (`vaddps zmm0, zmm1, zmm2, {rn-sae}`). Which rows accept which decoration is a
/// property of the row; the matcher rejects the rest.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Decorations {
    /// The write mask, a [`RegClass::K`](crate::RegClass::K) register (for a mask hole, `k1`
    /// stands in while matching).
    pub mask: Option<crate::operand::Reg>,
    /// `{z}`: zeroing instead of merging.
    pub zeroing: bool,
    /// `{1toN}`: the memory operand is one element broadcast N times.
    pub broadcast: Option<u8>,
    /// `{rn-sae}` and friends.
    pub rounding: Option<Rounding>,
}

impl Decorations {
    /// True when no decoration is written.
    pub fn is_empty(&self) -> bool {
        *self == Decorations::default()
    }
}

/// Where each decoration was written (for errors on the decoration's token).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct DecorationSpans {
    /// The `{k}` mask.
    pub mask: Option<Span>,
    /// The `{z}`.
    pub zeroing: Option<Span>,
    /// The `{1toN}`.
    pub broadcast: Option<Span>,
    /// The rounding operand.
    pub rounding: Option<Span>,
}

/// One instruction as written.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Instr {
    /// A `lock`/`rep`/`repne` prefix.
    pub prefix: Option<Prefix>,
    /// The mnemonic as written; an implied-immediate alias (`cmpltps`) is replaced by its base
    /// mnemonic and the immediate appended to the operands (see
    /// [`IMPLIED_IMM_ALIASES`](crate::isa::IMPLIED_IMM_ALIASES)).
    pub mnemonic: String,
    /// The operands in Intel order.
    pub operands: Vec<Operand>,
    /// Span of the mnemonic.
    pub span: Span,
    /// Span of each operand.
    pub operand_spans: Vec<Span>,
    /// Macro holes inside each operand (empty for the text assembler).
    pub holes: Vec<OperandHoles>,
    /// EVEX decorations.
    pub deco: Decorations,
    /// Where the decorations were written.
    pub deco_spans: DecorationSpans,
    /// The mask decoration is this hole (`{k{expr}}`, a [`KMask`](crate::KMask) value).
    pub mask_hole: Option<usize>,
}

/// Which macro holes (`{expr}`, numbered in order of appearance) an operand contains.
///
/// For a hole operand the [`Operand`] is an [`Operand::Hole`]; for a memory operand with
/// holes, the [`Mem`](crate::Mem) holds placeholder registers of the right class (number 0)
/// and a zero displacement, so that matching sees the right sizes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OperandHoles {
    /// The whole operand is this hole (immediate, register or target).
    pub value: Option<usize>,
    /// The memory base register is this hole.
    pub base: Option<usize>,
    /// The memory index register is this hole.
    pub index: Option<usize>,
    /// The memory displacement (an `i32`), or in `[rip + {l}]` the label, is this hole.
    pub disp: Option<usize>,
}

/// A statement.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `name:` — the index into [`Program::labels`].
    Label(Label),
    /// An instruction.
    Instr(Instr),
    /// A directive.
    Directive(Directive),
}

impl StmtKind {
    /// How much of the `times` budget one repetition of this statement uses: one per
    /// statement, one per data item (a string counts one per 8 bytes).
    pub fn repeat_weight(&self) -> u64 {
        match self {
            StmtKind::Directive(Directive::Data { items, .. }) => items
                .iter()
                .map(|it| match it {
                    DataItem::Bytes(b) => b.len() as u64 / 8 + 1,
                    _ => 1,
                })
                .sum(),
            _ => 1,
        }
    }
}

/// The largest repeat count `times` accepts.
pub const MAX_TIMES: u64 = 1_000_000;

/// How many statements (or data items) `times` may produce in one macro invocation or text
/// program, in total (so a program cannot ask for gigabytes).
pub const TIMES_BUDGET: u64 = 2 * MAX_TIMES;

/// The most bytes one `.fill`, `.skip`, `.zero` or `resb`-style directive may produce.
pub const MAX_FILL: u64 = 1 << 20;

/// The largest alignment `align` accepts.
pub const MAX_ALIGN: u64 = 4096;

/// A statement with its source span and text (for listings and error messages).
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    /// What it is.
    pub kind: StmtKind,
    /// Where it starts.
    pub span: Span,
    /// The statement's source text, normalized to single spaces.
    pub text: String,
    /// The span of each operand (instructions), data item (`db`...) or value (`align`).
    pub parts: Vec<Span>,
}

/// A parsed program: statements and the label names they use.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Program {
    /// The statements in order.
    pub stmts: Vec<Stmt>,
    /// Every label name mentioned; a [`Label`] in the statements is an index here.
    pub labels: Vec<LabelName>,
}

impl Program {
    /// The index of `name` in the symbol table, adding it if new.
    pub fn label(&mut self, name: LabelName) -> Label {
        if let Some(i) = self.labels.iter().position(|n| *n == name) {
            return Label::from_index(i as u32);
        }
        self.labels.push(name);
        Label::from_index(self.labels.len() as u32 - 1)
    }
}
