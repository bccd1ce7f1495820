//! The syntax tree shared by the `x86!` macro and the run-time text assembler.
//!
//! Both front ends produce a [`Program`]: statements plus a symbol table of the label names they
//! mention. Operands are [`Operand`]s from the operand model; a label operand carries a
//! [`Label`] whose index points into [`Program::labels`] (not yet an assembler label). Macro
//! holes (`{expr}`) appear as [`Operand::Hole`] and [`DataItem::Hole`] with the hole's number.

use crate::operand::{Label, Operand, Prefix};

/// A position in the source: 1-based line and column and a length in characters.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// Length in characters.
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
}

/// One instruction as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Instr {
    /// A `lock`/`rep`/`repne` prefix.
    pub prefix: Option<Prefix>,
    /// The mnemonic as written.
    pub mnemonic: String,
    /// The operands in Intel order.
    pub operands: Vec<Operand>,
    /// Span of the mnemonic.
    pub span: Span,
    /// Span of each operand.
    pub operand_spans: Vec<Span>,
    /// Macro holes inside each operand (empty for the text assembler).
    pub holes: Vec<OperandHoles>,
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
